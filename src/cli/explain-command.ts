import { relative, resolve } from 'node:path';
import { asRepoPath } from '../model/index.js';
import { explainFile } from '../rules/explain.js';
import { ruleErrorsOf } from '../rules/rule-errors.js';
import { renderExplanation } from './explain-text.js';
import { EXIT, UsageError } from './exit-codes.js';
import { openRepoSession } from './open-repo-session.js';
import { parseCommandArgs } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';

/** `ssot-guard explain <file> [--worktree]`: the verdict of every rule for one file, and why. */
export async function runExplain(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs({ name: 'explain', usage: COMMAND_USAGE.explain, options: { worktree: { type: 'boolean' }, config: { type: 'string' } }, positionals: true }, argv);
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('explain takes one file: ssot-guard explain <file>');
  const { repo, config, session, close } = await openRepoSession(values.config);
  try {
    const path = asRepoPath(relative(repo.root, resolve(positionals[0]!)).split('\\').join('/'));
    const { program, snapshot, reader } = await session.program(values.worktree ? 'worktree' : 'all');
    const entry = snapshot.entries.get(path);
    if (!entry) throw new UsageError(`${path} is not in the ${values.worktree ? 'working tree' : 'index'} (explain judges the index; --worktree for files on disk)`);
    const lines = (await reader.read(entry.sha)).toString('utf8').split(/\r?\n/);
    const explanations = explainFile(config, program, path);
    // The same fail-loud verdict as check: a rule that cannot match makes every "ok" below meaningless.
    const ruleErrors = ruleErrorsOf(config, program);
    process.stdout.write(renderExplanation(path, explanations, (n) => lines[n - 1], ruleErrors));
    if (ruleErrors.length) return EXIT.usage;
    return explanations.some((e) => e.violations.length) ? EXIT.violations : EXIT.ok;
  } finally {
    close();
  }
}
