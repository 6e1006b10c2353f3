import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXIT, UsageError } from '../cli/exit-codes.js';
import { openRepo, type GitRepo } from '../git/repo.js';
import { loadRepoConfig, repoConfigFiles } from '../cli/load-repo-config.js';
import { printResult } from '../cli/print-result.js';
import { packageRoot } from '../config/package-root.js';
import { openSession } from '../session/open-session.js';
import { combinedCheck } from '../session/combined-check.js';
import type { Config, RepoPath } from '../model/index.js';
import { parseTraceArgs } from './trace-args.js';
import { tracerPlan, type ScopedRule } from './tracer-plan.js';
import { tracedEnv, runTraced } from './run-traced.js';
import { readEvidenceDir, type ProcessEvidence } from './evidence-files.js';
import { judgeRuntime } from './judge-runtime.js';
import { mergeVerdicts } from './merge-verdicts.js';
import { dependentsIn, runtimeRules, runtimeScope } from './runtime-scope.js';

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
  // The scopes first: the tracer records a use once per unit each rule would give it.
  const scopes = await Promise.all(configs.map((config) => scopesOf(repo, config)));
  const tracked = [...new Set(scopes.flatMap((s) => s.files))];
  const work = await mkdtemp(join(tmpdir(), 'ssot-guard-trace-'));
  try {
    const planFile = join(work, 'plan.json');
    const evidenceDir = join(work, 'evidence');
    await writeFile(planFile, JSON.stringify(tracerPlan(repo.root, configs, tracked, scopes.flatMap((s) => s.rules))));
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
    for (const [i, config] of configs.entries()) {
      const { session, close } = openSession(repo, config);
      try {
        const check = await session.check('all');
        const { dependents } = scopes[i]!;
        checks.push({ ...check, result: mergeVerdicts(check.result, judgeRuntime(config, uses, (rule) => dependents.get(rule) ?? new Set())) });
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
 * A config's runtime-judged rules with their scopes, over the index's files,
 * and for each rule with `dependentsOf` the files check takes in through it
 * (the importers of those modules, to the rule's depth): from the index's
 * program, as `explain` and `graph` read it.
 */
async function scopesOf(repo: GitRepo, config: Config): Promise<{ files: readonly RepoPath[]; rules: ScopedRule[]; dependents: Map<string, ReadonlySet<RepoPath>> }> {
  const rules = runtimeRules(config);
  const { session, close } = openSession(repo, config);
  try {
    const { program } = await session.program('all');
    const dependents = new Map(rules.filter((r) => r.scope.dependentsOf.length).map((r) => [r.id, dependentsIn(program, r)] as const));
    const scoped = rules.map((rule) => ({ symbols: [...rule.canonical, ...rule.legacy], inScope: runtimeScope(config, rule, dependents.get(rule.id) ?? new Set()) }));
    return { files: program.files, rules: scoped, dependents };
  } finally {
    close();
  }
}

/** A process that wrote no end marker was killed (or ended without Python's exit path): what it did after its last record is lost. */
function sayIncomplete(processes: readonly ProcessEvidence[]): void {
  for (const p of processes.filter((q) => !q.complete)) {
    process.stderr.write(`ssot-guard trace: process ${p.pid} (${p.argv.join(' ') || relative('.', p.file)}) ended without its end marker (killed, or ended without Python's exit path): its runtime evidence may be incomplete\n`);
  }
}
