import { isUnjudged, type Diagnostic, type Evidence, type RepoPath, type RuleError, type Violation } from '../model/index.js';
import { evidenceChain } from './evidence-chain.js';
import { USE_WORDS } from './use-words.js';
import { fixHint } from './fix-hint.js';
import { escapeHtml as h } from './html-escape.js';
import { formatRuleErrors } from './rule-error-lines.js';

export interface FindingsOptions {
  /** Source text for code frames, when the caller has it. */
  readonly sourceLine?: (file: RepoPath, line: number) => string | undefined;
  /** The module a file is, so a violation can point at its node in a graph. */
  readonly moduleOf?: (file: RepoPath) => string | undefined;
}

/** The violations as a list: where, rule, message, each side's evidence with its chain, the import chain, the fix. */
export function violationList(violations: readonly Violation[], o: FindingsOptions = {}): string {
  if (!violations.length) return '<p class="empty">No violations.</p>';
  const sorted = [...violations].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  return `<ol class="findings violations">\n${sorted.map((v) => violationItem(v, o)).join('\n')}\n</ol>`;
}

function violationItem(v: Violation, o: FindingsOptions): string {
  const evidence = sideOrder(v.evidence);
  const module = o.moduleOf?.(v.file);
  // What the search box matches: a module's name finds the violations in it, as a symbol's finds those that use it.
  const searchable = [...new Set([v.rule, v.file, ...(module ? [module] : []), v.unit, v.message, v.severity, ...evidence.flatMap((e) => [e.symbol, ...e.via, e.origin]), ...v.chain])].join(' ');
  const lines = [
    `<li class="violation ${v.severity}" data-search="${h(searchable)}"${module ? ` data-module="${h(module)}"` : ''}>`,
    `<div class="where"><span class="severity ${v.severity}">${v.severity}</span> <code class="rule">${h(v.rule)}</code> <span class="file">${h(v.file)}:${v.line}:${v.column}</span>${v.unit === '<file>' ? '' : ` <span class="unit">in ${h(v.unit)}</span>`} <span class="status">${v.status}</span></div>`,
    `<p class="message">${h(v.message)}</p>`,
    `<ul class="evidence">${evidence.map((e) => evidenceItem(v.file, e, o)).join('')}</ul>`,
  ];
  if (v.chain.length) lines.push(`<p class="chain">import chain: <code>${v.chain.map(h).join(' → ')}</code></p>`);
  lines.push(`<p class="fix">fix: ${h(fixHint(v))}</p>`, '</li>');
  return lines.join('\n');
}

function evidenceItem(file: RepoPath, e: Evidence, o: FindingsOptions): string {
  const chain = evidenceChain(e);
  const written = e.written !== undefined ? ` <span class="note">written <code>${h(e.written)}</code>${e.fix !== undefined ? `, write <code>${h(e.fix)}</code>` : ''}</span>` : '';
  const source = o.sourceLine?.(file, e.line);
  return `<li class="evidence-${e.side}"><span class="side-${e.side}">${e.side}</span> <code>${h(e.symbol)}</code> <span class="note">${USE_WORDS[e.use]}, line ${e.line}:${e.column}</span>${
    chain.length ? ` <span class="via">via <code>${chain.map(h).join(' → ')}</code></span>` : ''
  }${written}${source !== undefined ? `<pre>${String(e.line).padStart(5)} | ${h(source)}</pre>` : ''}</li>`;
}

/** Legacy first, then canonical, each by line (as the text reporter orders them). */
function sideOrder(evidence: readonly Evidence[]): Evidence[] {
  return [...evidence].sort((a, b) => (a.side === b.side ? a.line - b.line : a.side === 'legacy' ? -1 : 1));
}

/** Rules that cannot be judged (exit 2), one item each. */
export function ruleErrorList(errors: readonly RuleError[]): string {
  const lines = formatRuleErrors(errors);
  return `<ol class="findings rule-errors">\n${errors.map((e, i) => `<li class="rule-error error" data-search="${h(`${e.rule} ${lines[i]}`)}"><span class="severity error">rule error</span> <code class="rule">${h(e.rule)}</code> ${h(lines[i]!)}</li>`).join('\n')}\n</ol>`;
}

/** Files that could not be judged (errors) and warnings about files (syntax, unresolved imports, suppressions). */
export function diagnosticList(diagnostics: readonly Diagnostic[]): string {
  return `<ol class="findings diagnostics">\n${diagnostics
    .map((d) => {
      const severity = isUnjudged(d) ? 'error' : 'warning';
      return `<li class="diagnostic ${severity}" data-search="${h(`${d.file} ${d.code} ${d.message}`)}"><span class="severity ${severity}">${severity}</span> <span class="file">${h(d.file)}:${d.line}:${d.column}</span> <code>${h(d.code)}</code> ${h(d.message)}</li>`;
    })
    .join('\n')}\n</ol>`;
}
