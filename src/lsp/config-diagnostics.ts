import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigError, RuleError } from '../model/index.js';
import { SOURCE } from './diagnostics.js';

/** The tokens of a JSON pointer (RFC 6901), unescaped; array indexes as numbers, as jsonc-parser's paths have them. */
export function pointerSegments(pointer: string): Array<string | number> {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((t) => (/^(0|[1-9][0-9]*)$/.test(t) ? Number(t) : t));
}

/**
 * Where a JSON pointer's value is in the text: the value itself, or, when it
 * is absent (a required field missing), the nearest enclosing value that is
 * there; the whole document for the root.
 */
export function pointerRange(doc: TextDocument, pointer: string): Range {
  const root = parseTree(doc.getText());
  const segments = pointerSegments(pointer);
  let node: Node | undefined;
  for (let n = segments.length; n > 0 && !node; n--) node = root && findNodeAtLocation(root, segments.slice(0, n));
  // A property's value: the key and the value, so the editor underlines the field.
  const target = node?.parent?.type === 'property' ? node.parent : node;
  if (!target) return { start: { line: 0, character: 0 }, end: doc.positionAt(Math.min(doc.getText().length, 1)) };
  return { start: doc.positionAt(target.offset), end: doc.positionAt(target.offset + target.length) };
}

const error = (range: Range, message: string, code: string): LspDiagnostic => ({ range, severity: DiagnosticSeverity.Error, source: SOURCE, code, message });

/** A config that does not load: each schema or syntax error at its field (a syntax error at its line and column). */
export function configErrorDiagnostics(doc: TextDocument, errors: readonly ConfigError[]): LspDiagnostic[] {
  return errors.map((e) => {
    if (e.line !== undefined && e.column !== undefined) {
      const at = { line: e.line - 1, character: e.column - 1 };
      return error({ start: at, end: { line: at.line, character: at.character + 1 } }, e.message, 'config');
    }
    return error(pointerRange(doc, e.path), `${e.path}: ${e.message}`, 'config');
  });
}

/** A rule that cannot match in the snapshot (fail-loud): at the field its pointer names, the rule id as code. */
export function ruleErrorDiagnostics(doc: TextDocument, errors: readonly RuleError[]): LspDiagnostic[] {
  return errors.map((e) => error(pointerRange(doc, e.path), e.message, e.rule));
}
