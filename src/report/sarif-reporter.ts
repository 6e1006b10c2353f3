import type { CheckResult, Violation } from '../model/index.js';
import { exitCodeOf, isUnjudged, type ReportOptions, type Reporter } from './reporter.js';
import { evidenceChain } from './evidence-chain.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0 for code-scanning UIs. Fingerprints go in partialFingerprints so
 * the UI tracks a violation across line moves exactly as the baseline does.
 */
export const sarifReporter: Reporter = (result: CheckResult, _options: ReportOptions) => {
  const ruleIds = [...new Set(result.violations.map((v) => v.rule))].sort();
  const firstOf = (id: string): Violation => result.violations.find((v) => v.rule === id)!;
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ssot-guard',
            informationUri: 'https://www.npmjs.com/package/ssot-guard',
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: firstOf(id).message },
              ...helpOf(firstOf(id)),
              defaultConfiguration: { level: firstOf(id).severity === 'error' ? 'error' : 'warning' },
            })),
          },
        },
        results: result.violations.map((v) => ({
          ruleId: v.rule,
          ruleIndex: ruleIds.indexOf(v.rule),
          level: v.severity === 'error' ? 'error' : 'warning',
          message: { text: messageOf(v) },
          locations: [location(v.file, v.line, v.column)],
          relatedLocations: v.evidence.map((e, i) => ({ id: i, ...location(v.file, e.line, e.column), message: { text: evidenceText(e) } })),
          partialFingerprints: { 'ssotGuard/v1': v.fingerprint },
          properties: { unit: v.unit, status: v.status, chain: v.chain },
        })),
        invocations: [
          {
            // A rule that cannot be judged makes the run's verdict incomplete, not merely worse.
            executionSuccessful: result.ruleErrors.length === 0,
            toolConfigurationNotifications: result.ruleErrors.map((e) => ({
              level: 'error',
              message: { text: `${e.path}: ${e.message}` },
              locations: [location(e.config, 1, 1)],
            })),
            toolExecutionNotifications: result.diagnostics.map((d) => ({
              level: isUnjudged(d) ? 'error' : 'warning',
              message: { text: `${d.code}: ${d.message}` },
              locations: [location(d.file, d.line, d.column)],
            })),
          },
        ],
      },
    ],
  };
  return { output: `${JSON.stringify(log, null, 2)}\n`, exitCode: exitCodeOf(result) };
};

function location(file: string, line: number, column: number) {
  return { physicalLocation: { artifactLocation: { uri: encodeURI(file) }, region: { startLine: Math.max(1, line), startColumn: Math.max(1, column) } } };
}

/** forbid "spelling" and "alias": what to write instead, as the rule's help. */
function helpOf(v: Violation): { help?: { text: string } } {
  const fixes = [...new Set(v.evidence.flatMap((e) => (e.fix !== undefined ? [`${e.written ?? e.symbol}: ${e.fix}`] : [])))];
  return fixes.length ? { help: { text: `write instead: ${fixes.join('; ')}` } } : {};
}

function messageOf(v: Violation): string {
  // Their message already says what is written and what to write instead.
  if (v.evidence.some((e) => e.fix !== undefined)) return v.message;
  const legacy = v.evidence.filter((e) => e.side === 'legacy').map((e) => e.symbol);
  const canonical = v.evidence.filter((e) => e.side === 'canonical').map((e) => e.symbol);
  const both = canonical.length ? ` next to ${canonical.join(', ')}` : '';
  return `${v.message} (uses ${legacy.join(', ')}${both}${v.chain.length ? ` via ${v.chain.join(' -> ')}` : ''})`;
}

function evidenceText(e: Violation['evidence'][number]): string {
  const chain = evidenceChain(e);
  return `${e.side}: ${e.symbol}${chain.length ? ` via ${chain.join(' -> ')}` : ''}`;
}
