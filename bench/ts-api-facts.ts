/**
 * A fact extractor on the TypeScript compiler API, written only to compare
 * parsers (bench/ts-parser-choice.ts): the same work as the shipped oxc-based
 * one (module record, units, member-chain references, dynamic imports and
 * require, suppressions), less a few rare forms that do not change the cost.
 */
import ts from 'typescript';
import { MODULE_UNIT, NO_REFERENCES, type FileFacts, type ImportFact, type ImportedName, type UnitName } from '../src/model/index.js';
import { lineIndex } from '../src/parse/line-index.js';
import { importBoundNames, packReferences, type RawReference } from '../src/parse/reference-packer.js';
import { parseSuppression } from '../src/parse/suppression-comment.js';

export function extractWithTypeScript(bytes: Uint8Array, tsx: boolean): FileFacts {
  const text = new TextDecoder().decode(bytes);
  const pos = lineIndex(text);
  const sf = ts.createSourceFile(tsx ? 'a.tsx' : 'a.ts', text, ts.ScriptTarget.Latest, false, tsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: ImportFact[] = [];
  const refs: RawReference[] = [];
  const definitions = new Set<string>();
  const exports = new Set<string>();
  const at = (n: ts.Node) => pos(n.getStart(sf));
  const base = (n: ts.Node, unit: UnitName, typeOnly: boolean) => ({ unit, typeOnly, level: 0, ...at(n) });
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      const names: ImportedName[] = [];
      if (clause?.name) names.push({ name: 'default', bound: clause.name.text, ...at(clause.name) });
      const nb = clause?.namedBindings;
      if (nb && ts.isNamedImports(nb)) for (const e of nb.elements) names.push({ name: (e.propertyName ?? e.name).text, bound: e.name.text, ...at(e) });
      if (nb && ts.isNamespaceImport(nb)) imports.push({ kind: 'import', module, bound: nb.name.text, boundIsModule: true, ...base(st, MODULE_UNIT, !!clause?.isTypeOnly), level: 0 });
      else imports.push({ kind: 'from', module, names, ...base(st, MODULE_UNIT, !!clause?.isTypeOnly) });
    } else if (ts.isExportDeclaration(st)) {
      const names: ImportedName[] = [];
      if (st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const e of st.exportClause.elements) {
          names.push({ name: (e.propertyName ?? e.name).text, bound: e.name.text, ...at(e) });
          exports.add(e.name.text);
        }
      }
      if (st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) imports.push({ kind: 'from', module: st.moduleSpecifier.text, names, ...base(st, MODULE_UNIT, st.isTypeOnly) });
    } else if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
      if (st.name) definitions.add(st.name.text);
      if (st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) exports.add(st.name?.text ?? 'default');
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) definitions.add(d.name.text);
    }
  }
  const chain = (n: ts.Node): string | null => {
    const parts: string[] = [];
    for (;;) {
      if (ts.isIdentifier(n)) return [n.text, ...parts.reverse()].join('.');
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.name)) parts.push(n.name.text), (n = n.expression);
      else if (ts.isQualifiedName(n)) parts.push(n.right.text), (n = n.left);
      else return null;
    }
  };
  const stack: Array<[ts.Node, UnitName, string]> = [[sf, MODULE_UNIT, '']];
  while (stack.length) {
    const [n, unit, q] = stack.pop()!;
    let inner = unit;
    let innerQ = q;
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) continue;
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isGetAccessor(n) || ts.isSetAccessor(n)) && n.name && ts.isIdentifier(n.name)) {
      innerQ = inner = q ? `${q}.${n.name.text}` : n.name.text;
    } else if (ts.isConstructorDeclaration(n)) innerQ = inner = `${q}.constructor`;
    else if (ts.isClassDeclaration(n) && n.name) innerQ = q ? `${q}.${n.name.text}` : n.name.text;
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) {
      innerQ = inner = q ? `${q}.${n.name.text}` : n.name.text;
    }
    if (ts.isPropertyAccessExpression(n) || ts.isQualifiedName(n) || ts.isIdentifier(n)) {
      const c = chain(n);
      if (c !== null) {
        refs.push({ unit, dotted: c, from: n.getStart(sf), role: 'reference' });
        continue;
      }
    }
    if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteralLike(n.arguments[0]!)) {
      const callee = n.expression;
      const module = n.arguments[0].text;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) imports.push({ kind: 'dynamic', module, bound: null, ...base(n, unit, false) });
      else if (ts.isIdentifier(callee) && callee.text === 'require') {
        const p = n.parent;
        const bound = p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? p.name.text : null;
        imports.push({ kind: 'dynamic', module, bound, ...base(n, unit, false) });
      }
    }
    ts.forEachChild(n, (c) => void stack.push([c, inner, innerQ]));
  }
  const suppressions = [];
  for (const m of text.matchAll(/\/[/*][^\n]*ssot-guard[^\n]*/g)) {
    const found = parseSuppression(m[0].replace(/^\/[/*]|\*\/$/g, ''));
    if (found) suppressions.push({ ...found, ...pos(m.index) });
  }
  return {
    imports, aliases: [], definitions: [...definitions], rebound: [], dunderAll: [...exports],
    references: packReferences(refs.sort((a, b) => a.from - b.from), importBoundNames(imports, []), pos),
    // Roles, method calls and classes are not what this comparison times.
    methodCalls: NO_REFERENCES, classes: [],
    suppressions, warnings: [],
  };
}

