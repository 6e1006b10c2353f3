import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXIT, UsageError } from '../cli/exit-codes.js';
import { openRepo } from '../git/repo.js';
import { loadRepoConfig, repoConfigFiles } from '../cli/load-repo-config.js';
import { printResult } from '../cli/print-result.js';
import { streamOutput } from '../cli/output.js';
import { packageRoot } from '../config/package-root.js';
import { openSession } from '../session/open-session.js';
import { combinedCheck } from '../session/combined-check.js';
import { framesOf } from '../report/registry.js';
import { parseTraceArgs } from './trace-args.js';
import { tracerPlan } from './tracer-plan.js';
import { tracedEnv, runTraced } from './run-traced.js';
import { readEvidenceDir, type ProcessEvidence } from './evidence-files.js';
import { judgeRuntime } from './judge-runtime.js';
import { mergeVerdicts } from './merge-verdicts.js';
import { runtimeScopes } from './runtime-scope.js';

/**
 * `ssot-guard trace -- <command>`: runs the command with the tracer in every
 * Python process, then prints the verdict of `check --all` with the runtime
 * violations added. Exit: the command's failure code, else the verdict's.
 */
export async function runTrace(argv: string[]): Promise<number> {
  const args = parseTraceArgs(argv);
  if (!args) return EXIT.ok;
  const cwd = process.cwd();
  const repo = await openRepo(cwd).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  const configs = await Promise.all((await repoConfigFiles(repo.root, cwd, args.check.config)).map((f) => loadRepoConfig(repo.root, f)));
  // One session per config, for both ends: the scopes the tracer's plan needs, then the static verdict.
  const sessions = configs.map((config) => ({ config, ...openSession(repo, config, null, framesOf(args.check.format)) }));
  const work = await mkdtemp(join(tmpdir(), 'ssot-guard-trace-'));
  try {
    // The scopes first: the tracer records a use once per unit each rule would give it. Only the
    // files and scopes are kept while the command runs, not the programs they were read from.
    const planned = await Promise.all(
      sessions.map(async ({ config, session }) => {
        const { program } = await session.program('all');
        return { files: program.files, scopes: runtimeScopes(config, program) };
      }),
    );
    const scopes = planned.map((p) => p.scopes);
    const tracked = [...new Set(planned.flatMap((p) => p.files))];
    const rules = scopes.flatMap((s) => [...s].map(([rule, inScope]) => ({ symbols: [...rule.canonical, ...rule.legacy], inScope })));
    const planFile = join(work, 'plan.json');
    const evidenceDir = join(work, 'evidence');
    await writeFile(planFile, JSON.stringify(tracerPlan(repo.root, configs, tracked, rules)));
    await mkdir(evidenceDir);
    const env = tracedEnv(process.env, join(packageRoot(), 'python'), planFile, evidenceDir);
    const commandCode = await runTraced(args.command, env).catch((err: Error) => {
      throw new UsageError(`trace: could not run ${args.command[0]}: ${err.message}`);
    });
    const processes = await readEvidenceDir(evidenceDir);
    process.stderr.write(`ssot-guard trace: ${processes.length} Python process${processes.length === 1 ? '' : 'es'} traced\n`);
    sayIncomplete(processes);
    const uses = processes.flatMap((p) => p.uses);
    const checks = [];
    for (const [i, { config, session }] of sessions.entries()) {
      const check = await session.check('all');
      checks.push({ ...check, result: mergeVerdicts(check.result, judgeRuntime(config, uses, (rule) => scopes[i]!.get(rule)!)) });
    }
    const { result, sourceLine } = combinedCheck(checks);
    const code = await printResult(args.check, result, sourceLine, repo.root, streamOutput);
    return commandCode !== 0 ? commandCode : code;
  } finally {
    for (const { close } of sessions) close();
    await rm(work, { recursive: true, force: true });
  }
}

/** A process that wrote no end marker was killed (or ended without Python's exit path): what it did after its last record is lost. */
function sayIncomplete(processes: readonly ProcessEvidence[]): void {
  for (const p of processes.filter((q) => !q.complete)) {
    process.stderr.write(`ssot-guard trace: process ${p.pid} (${p.argv.join(' ') || relative('.', p.file)}) ended without its end marker (killed, or ended without Python's exit path): its runtime evidence may be incomplete\n`);
  }
}
