import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SOURCE } from './diagnostics.js';

/** The command the explain action runs (workspace/executeCommand), with the document URI as its argument. */
export const EXPLAIN_COMMAND = 'ssot-guard.explain';

/** The comment that starts a suppression in this file's language: `#` for Python, `//` for TypeScript and JavaScript. */
export function commentLeader(uri: string): string {
  return /\.pyi?$/i.test(uri) ? '#' : '//';
}

/**
 * The line to insert above `line` (0-based) that suppresses `rule` there
 * (parse/suppression-comment.ts: `ssot-guard: allow <rule> -- <reason>` on the
 * line above counts), indented like that line. The reason is a placeholder
 * to replace: the engine honours only a suppression that gives one.
 */
export function suppressionLine(doc: TextDocument, line: number, rule: string): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  return `${indent}${commentLeader(doc.uri)} ssot-guard: allow ${rule} -- reason\n`;
}

/** Whether a diagnostic is one of ours and in (or touching) the asked range. */
function touches(d: LspDiagnostic, range: Range): boolean {
  return d.source === SOURCE && d.range.start.line <= range.end.line && d.range.end.line >= range.start.line;
}

/**
 * For each violation of ours the range touches (its code one of `ruleIds`,
 * not a problem such as a syntax error): a suppression comment above it;
 * then, once, `explain` for the file.
 */
export function codeActions(doc: TextDocument, range: Range, diagnostics: readonly LspDiagnostic[], ruleIds: ReadonlySet<string>): CodeAction[] {
  const ours = diagnostics.filter((d) => touches(d, range) && typeof d.code === 'string' && ruleIds.has(d.code));
  const actions: CodeAction[] = ours.map((d) => {
    const rule = String(d.code);
    const at = { line: d.range.start.line, character: 0 };
    return {
      title: `Suppress ${rule} here (ssot-guard: allow … -- reason)`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { changes: { [doc.uri]: [{ range: { start: at, end: at }, newText: suppressionLine(doc, at.line, rule) }] } },
    };
  });
  if (ours.length) actions.push({ title: 'Explain this file (ssot-guard explain)', kind: CodeActionKind.Empty, command: { title: 'ssot-guard explain', command: EXPLAIN_COMMAND, arguments: [doc.uri] } });
  return actions;
}
