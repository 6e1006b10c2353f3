import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXIT, UsageError } from '../cli/exit-codes.js';
import { openRepo } from '../git/repo.js';
import { loadRepoConfig, repoConfigFiles } from '../cli/load-repo-config.js';
import { printResult } from '../cli/print-result.js';
import { packageRoot } from '../config/package-root.js';
import { openSession } from '../session/open-session.js';
import { combinedCheck } from '../session/combined-check.js';
import { parseTraceArgs } from './trace-args.js';
import { tracerPlan } from './tracer-plan.js';
import { tracedEnv, runTraced } from './run-traced.js';
import { readEvidenceDir, type ProcessEvidence } from './evidence-files.js';
import { judgeRuntime } from './judge-runtime.js';
import { mergeVerdicts } from './merge-verdicts.js';
import { filesInScope } from '../rules/scope.js';
import type { Config, RepoPath } from '../model/index.js';
import type { Session } from '../session/session.js';

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
  const work = await mkdtemp(join(tmpdir(), 'ssot-guard-trace-'));
  try {
    const planFile = join(work, 'plan.json');
    const evidenceDir = join(work, 'evidence');
    await writeFile(planFile, JSON.stringify(tracerPlan(repo.root, configs)));
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
    for (const config of configs) {
      const { session, close } = openSession(repo, config);
      try {
        const check = await session.check('all');
        const inScope = await dependentScopes(session, config);
        checks.push({ ...check, result: mergeVerdicts(check.result, judgeRuntime(config, uses, (rule) => inScope.get(rule) ?? new Set())) });
      } finally {
        close();
      }
    }
    const { result, sourceLine } = combinedCheck(checks);
    const code = await printResult(args.check, result, sourceLine, repo.root);
    return commandCode !== 0 ? commandCode : code;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The files each rule with `dependentsOf` takes in, as check judges them (the
 * importers of those modules, to the rule's depth, and its globs' files):
 * the import graph of the index, built only when a rule needs it.
 */
async function dependentScopes(session: Session, config: Config): Promise<Map<string, ReadonlySet<RepoPath>>> {
  const rules = config.rules.filter((r) => r.language === 'python' && r.scope.dependentsOf.length);
  const out = new Map<string, ReadonlySet<RepoPath>>();
  if (!rules.length) return out;
  const { program } = await session.program('all');
  for (const rule of rules) out.set(rule.id, new Set(filesInScope(rule, program.files, program.graph, program.index).keys()));
  return out;
}

/** A process that wrote no end marker was killed (or left through os._exit): what it did after its last record is lost. */
function sayIncomplete(processes: readonly ProcessEvidence[]): void {
  for (const p of processes.filter((q) => !q.complete)) {
    process.stderr.write(`ssot-guard trace: process ${p.pid} (${p.argv.join(' ') || relative('.', p.file)}) ended without its end marker (killed, or left through os._exit): its runtime evidence may be incomplete\n`);
  }
}
