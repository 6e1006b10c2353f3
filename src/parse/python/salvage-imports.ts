import type { SyntaxNode, Tree } from '@lezer/common';
import { MODULE_UNIT, type FactWarning, type ImportFact, type Position, type UnitName } from '../../model/index.js';
import { lineIndex } from '../line-index.js';

/** A statement's own imports, positions relative to the snippet, or null when the snippet does not parse cleanly. */
export type ReadImports = (snippet: string) => readonly ImportFact[] | null;

/** An `import` or `from` keyword opening a line: where an import statement can start. */
const IMPORT_START = /^[ \t\f]*(?=(?:from[ \t\f.\\]|import[ \t\f\\]))/gm;
const NOT_CODE = new Set(['String', 'FormatString', 'Comment']);

/**
 * Statements read on their own may overlap (each `from m import (` line of
 * an unclosed run reaches the same `)`), so their length is bounded: this
 * many times the file's, plus a fixed part. Past it the salvage stops and
 * says where (salvageStopped): the file was not fully read.
 */
export const SALVAGE_BYTES_PER_BYTE = 4;
export const SALVAGE_BASE_BYTES = 1024 * 1024;

/** The blocking warning for a salvage stopped at `at`. */
export function salvageStopped(at: Position): FactWarning {
  return {
    code: 'too-broken', ...at,
    message:
      'too many import lines inside broken code to read them all (CPython refuses this file): the search for imports stopped here, ' +
      'so the file was NOT fully checked; fix the syntax, or list the file under "exclude" in ssot-guard.config.json',
  };
}

/**
 * Lezer's error recovery can fold the lines after a syntax error into the
 * broken expression (`x = (` swallows the rest of the file), and with them
 * every import statement there: a file that does not parse would then hide a
 * violation. After an erroneous parse, each line that starts like an import
 * and that the parser did not read as one (and is not inside a string or
 * comment) is parsed on its own; it counts when it parses cleanly. Its unit
 * and type-only flag come from the defs and `if TYPE_CHECKING:` around it.
 * `stoppedAt` is where the salvage gave up (its budget, above), or -1.
 */
export function salvageImports(
  text: string,
  tree: Tree,
  parsed: ReadonlyArray<readonly [number, number]>,
  typeOnlyBodies: ReadonlySet<number>,
  read: ReadImports,
  budget: number = SALVAGE_BASE_BYTES + SALVAGE_BYTES_PER_BYTE * text.length,
): { imports: ImportFact[]; stoppedAt: number } {
  const pos = lineIndex(text);
  const out: ImportFact[] = [];
  const closeFrom = nextClose(text);
  let r = 0;
  let spent = 0;
  for (const m of text.matchAll(IMPORT_START)) {
    const start = m.index + m[0].length;
    while (r < parsed.length && parsed[r]![1] <= start) r++;
    if (r < parsed.length && parsed[r]![0] <= start) continue;
    const context = contextAt(text, tree.resolveInner(start, 1), typeOnlyBodies);
    if (!context) continue;
    const end = statementEnd(text, start, closeFrom);
    spent += end - start;
    if (spent > budget) return { imports: out, stoppedAt: start };
    const imports = read(text.slice(start, end));
    if (!imports) continue;
    const at = pos(start);
    const shift = <T extends { line: number; column: number }>(p: T): T => ({
      ...p, line: at.line + p.line - 1, column: p.line === 1 ? at.column + p.column - 1 : p.column,
    });
    for (const imp of imports) {
      const placed = { ...shift(imp), unit: context.unit, typeOnly: context.typeOnly };
      out.push(placed.kind === 'from' ? { ...placed, names: placed.names.map(shift) } : placed);
    }
  }
  return { imports: out, stoppedAt: -1 };
}

/**
 * The first `)` at or after a position, asked at positions that only grow
 * (line by line): the text is scanned once, not once per line.
 */
function nextClose(text: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    return (found = text.indexOf(')', from));
  };
}

/** End of the logical line: backslash continuations, and an open `(` runs to its `)`. */
function statementEnd(text: string, start: number, closeFrom: (from: number) => number): number {
  let end = start;
  for (;;) {
    const nl = text.slice(end).search(/\r\n?|\n/);
    end = nl < 0 ? text.length : end + nl;
    if (text[end - 1] !== '\\' || end >= text.length) break;
    end += text.startsWith('\r\n', end) ? 2 : 1;
  }
  // Searched in the line only: a search of the rest of the file for each line would be quadratic.
  const inLine = text.slice(start, end).indexOf('(');
  const open = inLine < 0 ? -1 : start + inLine;
  if (open >= 0) {
    const close = closeFrom(open);
    if (close >= end) end = close + 1;
  }
  return end;
}

/** The unit (innermost def, qualified by its classes) and type-only flag at a node; null inside a string or comment. */
function contextAt(text: string, node: SyntaxNode, typeOnlyBodies: ReadonlySet<number>): { unit: UnitName; typeOnly: boolean } | null {
  const scopes: Array<{ name: string; isDef: boolean }> = [];
  let typeOnly = false;
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (NOT_CODE.has(n.name)) return null;
    if (n.name === 'Body' && typeOnlyBodies.has(n.from)) typeOnly = true;
    if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') {
      const name = n.getChild('VariableName');
      scopes.unshift({ name: name ? text.slice(name.from, name.to) : '?', isDef: n.name === 'FunctionDefinition' });
    }
  }
  let unit: UnitName = MODULE_UNIT;
  let qualifier = '';
  for (const s of scopes) {
    qualifier = qualifier ? `${qualifier}.${s.name}` : s.name;
    if (s.isDef) unit = qualifier;
  }
  return { unit, typeOnly };
}
