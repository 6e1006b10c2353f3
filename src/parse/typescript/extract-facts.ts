import { NO_REFERENCES, type FactWarning, type FileFacts, type ImportFact, type Suppression } from '../../model/index.js';
import { lineIndex } from '../line-index.js';
import { importBoundNames, packReferences } from '../reference-packer.js';
import { parseSuppression } from '../suppression-comment.js';
import type { AstNode } from './ast-node.js';
import { decodeText } from '../decode-text.js';
import { moduleFacts } from './module-facts.js';
import { tooDeeplyNested } from './nesting-guard.js';
import { parseScript } from './parse-script.js';
import type { ScriptKind } from './script-kind.js';
import { walkScript } from './script-walk.js';

export { scriptKindOf, type ScriptKind } from './script-kind.js';

export { SCRIPT_FACTS_VERSION } from './facts-version.js';

/**
 * Facts of a .ts/.tsx/.js/.jsx file (and their .m/.c variants), in the shape
 * the Python extractor gives, with TS meanings:
 * - `module` is the raw specifier (`./a`, `@app/x`, `react`), `level` always 0:
 *   the resolver resolves specifiers.
 * - `typeOnly` marks `import type` / `export type` / `{ type A }` (the
 *   counterpart of Python's `if TYPE_CHECKING:`).
 * - `dunderAll` is the explicit export list, always present: every name the
 *   module exports by name ('default' included), not what `export *` brings.
 * - units: `f`, `Class.method`, `Class.constructor`, `outer.inner`; a function
 *   assigned to a `const` or a class field takes that name; object-literal
 *   methods and anonymous callbacks belong to the enclosing unit. Instance
 *   field initialisers (and their type annotations) run in the constructor, so
 *   they count as `Class.constructor`; static fields and static blocks run with
 *   the class body, in the unit enclosing the class.
 * Never throws: a syntax error leaves a warning and whatever parsed.
 */
export function extractScriptFacts(bytes: Uint8Array, kind: ScriptKind): FileFacts {
  // JS has no encoding declaration: UTF-8, as Node and bundlers read it.
  const { text, warnings } = decodeText(bytes);
  try {
    return extractFromText(text, kind, warnings);
  } catch (err) {
    // A parser or walker bug on one file must not take a worker down: the file reads as having no imports, visibly.
    warnings.push({ code: 'syntax', message: `internal error while reading this file: ${(err as Error).message}`, line: 1, column: 1 });
    return emptyFacts(warnings);
  }
}

function extractFromText(text: string, kind: ScriptKind, warnings: FactWarning[]): FileFacts {
  const pos = lineIndex(text);
  const tooDeep = tooDeeplyNested(text);
  if (tooDeep !== null) {
    warnings.push({ code: 'too-large', message: `${tooDeep}: not parsed, deeper than the parser can safely go; its imports are not checked`, line: 1, column: 1 });
    return emptyFacts(warnings);
  }
  const parsed = parseScript(text, kind);
  if (parsed.firstError) {
    warnings.push({
      code: 'syntax',
      message: `syntax error: ${parsed.firstError.message}; the lines around it were skipped, imports elsewhere in the file are still checked`,
      ...pos(parsed.firstError.offset),
    });
  }
  const program = parsed.program as unknown as AstNode;
  const module = moduleFacts(program.body, text, pos);
  const walk = walkScript(program, pos);
  const imports: ImportFact[] = [...module.imports, ...walk.imports].sort((a, b) => a.from - b.from).map((i) => i.fact);
  const references = walk.references.sort((a, b) => a.from - b.from);
  const suppressions: Suppression[] = [];
  for (const c of parsed.comments) {
    if (!c.value.includes('ssot-guard')) continue;
    // A block comment may span lines: the directive counts on the line it is written on.
    let offset = c.start + 2;
    for (const line of c.value.split('\n')) {
      const found = parseSuppression(line.trimEnd());
      if (found) suppressions.push({ ...found, ...pos(offset === c.start + 2 ? c.start : offset) });
      offset += line.length + 1;
    }
  }
  return {
    imports,
    aliases: module.aliases,
    definitions: [...module.definitions],
    // An ES module binds each name once: nothing is rebound.
    rebound: [],
    dunderAll: [...module.exports],
    references: packReferences(references, importBoundNames(imports, module.aliases), pos),
    methodCalls: packReferences(walk.methodCalls.sort((a, b) => a.from - b.from), null, pos),
    classes: walk.classes.sort((a, b) => a.line - b.line || a.column - b.column),
    suppressions,
    warnings,
  };
}

function emptyFacts(warnings: FactWarning[]): FileFacts {
  return { imports: [], aliases: [], definitions: [], rebound: [], dunderAll: [], references: NO_REFERENCES, methodCalls: NO_REFERENCES, classes: [], suppressions: [], warnings };
}
