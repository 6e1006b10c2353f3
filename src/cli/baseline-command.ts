import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baselineFrom, pruneBaseline } from '../baseline/apply-baseline.js';
import { formatBaseline, parseBaseline } from '../baseline/baseline-file.js';
import { evaluateRules } from '../rules/evaluate.js';
import { EXIT, UsageError } from './exit-codes.js';
import { openRepoSession } from './open-repo-session.js';
import { parseCommandArgs } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';
import { ruleErrorsOf } from '../rules/rule-errors.js';
import { formatRuleErrors } from '../report/rule-error-lines.js';

/**
 * `ssot-guard baseline [--prune | --update]`. Records the index's violations.
 * The file never grows unless --update is asked for: --prune only lowers counts.
 */
export async function runBaseline(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs({ name: 'baseline', usage: COMMAND_USAGE.baseline, options: { prune: { type: 'boolean' }, update: { type: 'boolean' }, config: { type: 'string' } }, positionals: false }, argv);
  if (!parsed) return EXIT.ok;
  const { values } = parsed;
  if (values.prune && values.update) throw new UsageError('choose --prune or --update');
  const { repo, config, session, close } = await openRepoSession(values.config);
  try {
    const file = join(repo.root, config.baselineFile);
    const exists = existsSync(file);
    if (exists && !values.prune && !values.update) {
      throw new UsageError(`${config.baselineFile} exists: "baseline --prune" removes fixed violations, "baseline --update" records the current ones (it may grow)`);
    }
    const { program } = await session.program('all');
    // A baseline of rules that cannot be judged would record a green that means nothing.
    const ruleErrors = ruleErrorsOf(config, program);
    if (ruleErrors.length) throw new UsageError(`the rules cannot be judged as written; nothing recorded:\n${formatRuleErrors(ruleErrors).join('\n')}`);
    const violations = evaluateRules(config, program).violations;
    const before = exists ? parseBaseline(await readFile(file, 'utf8'), config.baselineFile) : null;
    const next = values.prune ? pruneBaseline(before ?? baselineFrom([]), violations) : baselineFrom(violations);
    await writeFile(file, formatBaseline(next));
    const count = (b: typeof next | null): number => (b ? b.entries.reduce((n, e) => n + e.count, 0) : 0);
    const verb = values.prune ? 'pruned' : values.update ? 'updated' : 'wrote';
    process.stdout.write(`${verb} ${config.baselineFile}: ${count(before)} -> ${count(next)} violations in ${next.entries.length} entries (judged on the index; git add it)\n`);
    return EXIT.ok;
  } finally {
    close();
  }
}
