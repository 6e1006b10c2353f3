import { isUnjudged, type CheckResult } from '../model/index.js';
import { diagnosticList, ruleErrorList, violationList } from './html-findings.js';
import { escapeHtml as h } from './html-escape.js';
import { htmlPage } from './html-page.js';
import { exitCodeOf, type Reporter } from './reporter.js';

/** A whole check as one self-contained page, for a CI job to attach: counts, violations with their chains, rule errors, diagnostics. */
export const htmlReporter: Reporter = (result, options) => {
  const main = [
    `<section class="panel summary"><h2>Summary</h2>${counts(result)}</section>`,
    ...(result.ruleErrors.length ? [`<section class="panel"><h2>Rule errors (${result.ruleErrors.length})</h2>${ruleErrorList(result.ruleErrors)}</section>`] : []),
    `<section class="panel"><h2>Violations (${result.violations.length})</h2>${violationList(result.violations, { sourceLine: options.sourceLine })}</section>`,
    ...(result.diagnostics.length ? [`<section class="panel"><h2>Files with problems (${result.diagnostics.length})</h2>${diagnosticList(result.diagnostics)}</section>`] : []),
  ].join('\n');
  return { output: htmlPage({ title: 'ssot-guard report', header: verdict(result), main, mainClass: 'report' }), exitCode: exitCodeOf(result) };
};

function verdict(result: CheckResult): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const files = new Set(result.violations.map((v) => v.file)).size;
  const unjudged = new Set(result.diagnostics.filter(isUnjudged).map((d) => d.file)).size;
  const text = result.ruleErrors.length
    ? `✖ ${plural(result.ruleErrors.length, 'rule error')}: the rules cannot be judged as written`
    : result.violations.length
      ? `✖ ${plural(result.violations.length, 'violation')} in ${plural(files, 'file')}`
      : unjudged
        ? `✖ ${plural(unjudged, 'file')} could not be checked`
        : '✔ no violations';
  return `<span class="verdict ${exitCodeOf(result) === 0 ? 'good' : 'bad'}">${h(text)}</span>`;
}

function counts(result: CheckResult): string {
  const errors = result.violations.filter((v) => v.severity === 'error').length;
  const st = result.stats;
  const stale = result.baseline.stale.reduce((n, e) => n + e.count, 0);
  const rows: Array<[string, string | number]> = [
    ['snapshot', result.snapshot],
    ['violations', `${result.violations.length} (${errors} errors, ${result.violations.length - errors} warnings; ${result.violations.filter((v) => v.status === 'new').length} new)`],
    ['files with violations', new Set(result.violations.map((v) => v.file)).size],
    ['rule errors', result.ruleErrors.length],
    ['files not judged', new Set(result.diagnostics.filter(isUnjudged).map((d) => d.file)).size],
    ['file warnings', result.diagnostics.filter((d) => !isUnjudged(d)).length],
    ['baselined (tolerated)', result.baseline.known],
    ['baselined, now fixed', stale],
    ['files checked', `${st.files} (${st.parsed} parsed, ${st.cacheHits} cached, ${st.ms} ms${st.daemon ? ', daemon' : ''})`],
  ];
  return `<dl class="counts">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd data-count="${h(k)}">${h(String(v))}</dd>`).join('')}</dl>`;
}
