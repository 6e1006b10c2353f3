import type { ConfigError, Evidence, RepoPath, Violation } from '../model/index.js';
import { styler } from './ansi.js';
import { exitCodeOf, isUnjudged, type Reporter, type ReportOptions } from './reporter.js';
import { evidenceChain } from './evidence-chain.js';
import { USE_WORDS } from './use-words.js';
import { formatRuleErrors } from './rule-error-lines.js';
import { fixHint } from './fix-hint.js';

/** Grouped by file: where (code frame), why (rule message, resolved symbol and its hops), and what to write instead. */
export const textReporter: Reporter = (result, options) => {
  const s = styler(options.color);
  const out: string[] = [];
  const byFile = new Map<RepoPath, Violation[]>();
  for (const v of result.violations) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
  for (const [file, vs] of byFile) {
    out.push(s.bold(s.cyan(file)));
    for (const v of vs) {
      const label = v.severity === 'error' ? s.red('error') : s.yellow('warning');
      out.push(`  ${v.line}:${v.column}  ${label}  ${s.bold(v.rule)}  ${v.message}${v.unit === '<file>' ? '' : s.dim(`  (in ${v.unit})`)}`);
      for (const e of [...v.evidence].sort((a, b) => (a.side === b.side ? a.line - b.line : a.side === 'legacy' ? -1 : 1))) {
        out.push(...evidenceFrame(file, e, options));
      }
      if (v.chain.length) out.push(`    ${s.dim('import chain:')} ${v.chain.join(' -> ')}`);
      out.push(`    ${s.green('fix:')} ${fixHint(v)}`);
      out.push('');
    }
  }
  for (const line of formatRuleErrors(result.ruleErrors)) out.push(`${s.red('error')}  ${line}`);
  if (result.ruleErrors.length) out.push('');
  for (const d of result.diagnostics) {
    out.push(`${d.file}:${d.line}:${d.column}  ${isUnjudged(d) ? s.red('error') : s.yellow('warning')}  ${d.code}: ${d.message}`);
  }
  if (result.diagnostics.length) out.push('');
  const stale = result.baseline.stale.reduce((n, e) => n + e.count, 0);
  if (stale) out.push(s.green(`${stale} baselined violation${stale === 1 ? ' is' : 's are'} fixed: run "ssot-guard baseline --prune" to lock that in`));
  if (result.baseline.known) out.push(s.dim(`${result.baseline.known} known violation${result.baseline.known === 1 ? '' : 's'} tolerated by ssot-guard.baseline.json`));
  const st = result.stats;
  const tail = `(${st.files} files checked, ${st.parsed} parsed, ${st.cacheHits} cached, ${st.ms} ms${st.daemon ? ', daemon' : ''})`;
  const n = result.violations.length;
  const unjudged = new Set(result.diagnostics.filter(isUnjudged).map((d) => d.file)).size;
  const broken = result.ruleErrors.length;
  if (broken) out.push(s.red(`✖ ${broken} rule error${broken === 1 ? '' : 's'}: the rules cannot be judged as written; fix ${[...new Set(result.ruleErrors.map((e) => e.config))].join(', ')} `) + s.dim(tail));
  else out.push(
    n
      ? s.red(`✖ ${n} violation${n === 1 ? '' : 's'} in ${byFile.size} file${byFile.size === 1 ? '' : 's'} `) + s.dim(tail)
      : unjudged
        ? s.red(`✖ ${unjudged} file${unjudged === 1 ? '' : 's'} could not be checked `) + s.dim(tail)
        : s.green('✔ no violations ') + s.dim(tail),
  );
  return { output: `${out.join('\n')}\n`, exitCode: exitCodeOf(result) };
};

function evidenceFrame(file: RepoPath, e: Evidence, options: ReportOptions): string[] {
  const s = styler(options.color);
  const side = e.side === 'legacy' ? s.red('legacy   ') : s.green('canonical');
  const chain = evidenceChain(e);
  // An import is what evidence was before rules could name kinds of use: said only for the others.
  const use = e.use === 'import' ? '' : s.dim(` (${USE_WORDS[e.use]})`);
  const lines = [`    ${side}  ${e.symbol}${use}${chain.length ? s.dim(`  via ${chain.join(' -> ')}`) : ''}`];
  const text = options.sourceLine(file, e.line);
  if (text !== undefined) {
    const gutter = String(e.line).padStart(6);
    lines.push(`${s.dim(`${gutter} |`)} ${text}`);
    lines.push(`${' '.repeat(6)} ${s.dim('|')} ${' '.repeat(Math.max(0, e.column - 1))}${e.side === 'legacy' ? s.red('^') : s.green('^')}`);
  }
  return lines;
}

/** One line per config error, as the CLI prints them before exiting 2. */
export function formatConfigErrors(file: string, errors: readonly ConfigError[]): string {
  return errors
    .map((e) => (e.line !== undefined ? `${file}:${e.line}:${e.column ?? 1}: ${e.message}` : `${file}: ${e.path}: ${e.message}`))
    .join('\n');
}
