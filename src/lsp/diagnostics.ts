import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { CheckResult, Diagnostic, Evidence, RepoPath, Violation } from '../model/index.js';

/** Shown as the diagnostics' source in the editor. */
export const SOURCE = 'ssot-guard';

/** What turning a verdict into editor diagnostics needs besides the verdict. */
export interface DiagnosticContext {
  /** A file's line (1-based) as judged: to end a range where the name used ends. */
  readonly lineOf: (file: RepoPath, line: number) => string | undefined;
  /** The document URI of a file of the repository. */
  readonly uriOf: (file: RepoPath) => string;
}

/** A 1-based line and column (as the engine reports them) to the range of the name that starts there, or to the end of its line. */
export function rangeAt(line: number, column: number, text: string | undefined): Range {
  const l = Math.max(0, line - 1);
  const c = Math.max(0, column - 1);
  const word = text === undefined ? null : /^[\p{L}\p{N}_$.]+/u.exec(text.slice(c));
  const end = word ? c + word[0].length : text !== undefined && text.length > c ? text.length : c + 1;
  return { start: { line: l, character: c }, end: { line: l, character: end } };
}

/** The evidence the violation is reported at: the use at its position, else the legacy side's first. */
export function offendingEvidence(v: Violation): Evidence | undefined {
  return v.evidence.find((e) => e.line === v.line && e.column === v.column) ?? v.evidence.find((e) => e.side === 'legacy');
}

/** The other side of a violation: every use it names but the one it is reported at (the canonical use, for a mix). */
export function otherSide(v: Violation): readonly Evidence[] {
  const at = offendingEvidence(v);
  return v.evidence.filter((e) => e !== at && !(e.line === v.line && e.column === v.column));
}

/** One editor diagnostic per violation, at the offending use; the rule id is its code, the other side its related information. */
export function violationDiagnostic(v: Violation, ctx: DiagnosticContext): LspDiagnostic {
  const uri = ctx.uriOf(v.file);
  const relatedInformation: DiagnosticRelatedInformation[] = otherSide(v).map((e) => ({
    location: { uri, range: rangeAt(e.line, e.column, ctx.lineOf(v.file, e.line)) },
    message: `${e.side} ${e.symbol}`,
  }));
  return {
    range: rangeAt(v.line, v.column, ctx.lineOf(v.file, v.line)),
    severity: v.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    code: v.rule,
    source: SOURCE,
    message: v.message,
    relatedInformation,
  };
}

/** A problem that is not a violation (syntax, an unresolved import, a suppression with no reason): a warning at its position. */
export function problemDiagnostic(d: Diagnostic, ctx: DiagnosticContext): LspDiagnostic {
  return { range: rangeAt(d.line, d.column, ctx.lineOf(d.file, d.line)), severity: DiagnosticSeverity.Warning, code: d.code, source: SOURCE, message: d.message };
}

/** Every file's editor diagnostics in a verdict, by repository path (files with none are absent). */
export function diagnosticsByFile(result: CheckResult, ctx: DiagnosticContext): Map<RepoPath, LspDiagnostic[]> {
  const out = new Map<RepoPath, LspDiagnostic[]>();
  const add = (file: RepoPath, d: LspDiagnostic): void => {
    const list = out.get(file);
    if (list) list.push(d);
    else out.set(file, [d]);
  };
  for (const v of result.violations) add(v.file, violationDiagnostic(v, ctx));
  for (const d of result.diagnostics) add(d.file, problemDiagnostic(d, ctx));
  return out;
}
