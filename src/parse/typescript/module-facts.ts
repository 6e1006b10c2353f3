import { MODULE_UNIT, type AliasBinding, type ImportFact, type ImportedName, type Position } from '../../model/index.js';
import { nameOf, staticChain, type AstNode } from './ast-node.js';

export interface ModuleFacts {
  /** Static imports and re-exports, each tagged with its statement's offset for ordering. */
  readonly imports: Array<{ readonly from: number; readonly fact: ImportFact }>;
  readonly aliases: AliasBinding[];
  readonly definitions: Set<string>;
  /** Every name the module exports by name, in source order ('default' included). */
  readonly exports: Set<string>;
}

/**
 * The module record: what the top-level statements import, re-export, define
 * and alias. Import and export statements are only legal at top level, so one
 * pass over `program.body` sees them all.
 */
export function moduleFacts(body: readonly AstNode[], text: string, pos: (offset: number) => Position): ModuleFacts {
  const out: ModuleFacts = { imports: [], aliases: [], definitions: new Set(), exports: new Set() };
  const named = (n: AstNode, bound: string | null, name = nameOf(n)): ImportedName => ({ name, bound, ...pos(n.start) });
  const fromFact = (stmt: AstNode, module: string, names: ImportedName[], typeOnly: boolean): void => {
    out.imports.push({ from: stmt.start, fact: { kind: 'from', module, level: 0, names, unit: MODULE_UNIT, typeOnly, ...pos(stmt.start) } });
  };
  const nsFact = (stmt: AstNode, module: string, bound: string, typeOnly: boolean): void => {
    out.imports.push({
      from: stmt.start,
      fact: { kind: 'import', module, level: 0, bound, boundIsModule: true, unit: MODULE_UNIT, typeOnly, ...pos(stmt.start) },
    });
  };
  const alias = (name: string, target: string, at: number): void => {
    out.aliases.push({ name, target, ...pos(at) });
  };
  const define = (names: Iterable<string>, exported: boolean): void => {
    for (const n of names) {
      out.definitions.add(n);
      if (exported) out.exports.add(n);
    }
  };

  const declaration = (decl: AstNode, exported: boolean): void => {
    switch (decl.type) {
      case 'VariableDeclaration':
        for (const d of decl.declarations as AstNode[]) {
          define(patternNames(d.id), exported);
          const target = d.id.type === 'Identifier' && d.init ? staticChain(d.init) : null;
          if (target !== null) alias(d.id.name, target, d.id.start);
        }
        return;
      case 'TSImportEqualsDeclaration': {
        // `import x = require('m')` is an import (read by the walk); `import Y = ns.X` is an alias.
        if (decl.moduleReference.type === 'TSExternalModuleReference') return;
        define([decl.id.name], exported);
        const target = staticChain(decl.moduleReference);
        if (target !== null) alias(decl.id.name, target, decl.id.start);
        return;
      }
      case 'TSModuleDeclaration':
        // `declare module 'x'` and `declare global` define no name of this module.
        if (decl.id.type === 'Identifier' || decl.id.type === 'TSQualifiedName') define([rootName(decl.id)], exported);
        return;
      default:
        if (decl.id?.type === 'Identifier') define([decl.id.name], exported);
    }
  };

  for (const stmt of body) {
    switch (stmt.type) {
      case 'ImportDeclaration': {
        const module: string = stmt.source.value;
        const allType = stmt.importKind === 'type';
        const values: ImportedName[] = [];
        const types: ImportedName[] = [];
        let ns: AstNode | null = null;
        for (const s of stmt.specifiers as AstNode[]) {
          if (s.type === 'ImportNamespaceSpecifier') ns = s.local;
          else if (s.type === 'ImportDefaultSpecifier') values.push(named(s.local, s.local.name, 'default'));
          else (s.importKind === 'type' && !allType ? types : values).push(named(s.imported, s.local.name));
        }
        if (values.length > 0 || (types.length === 0 && ns === null)) fromFact(stmt, module, values, allType);
        if (types.length > 0) fromFact(stmt, module, types, true);
        if (ns) nsFact(stmt, module, ns.name, allType);
        break;
      }
      case 'ExportAllDeclaration': {
        const typeOnly = stmt.exportKind === 'type';
        if (stmt.exported) {
          const ns = nameOf(stmt.exported);
          out.exports.add(ns);
          nsFact(stmt, stmt.source.value, ns, typeOnly);
        } else {
          const star = text.indexOf('*', stmt.start);
          fromFact(stmt, stmt.source.value, [{ name: '*', bound: null, ...pos(star < 0 ? stmt.start : star) }], typeOnly);
        }
        break;
      }
      case 'ExportNamedDeclaration': {
        if (stmt.declaration) {
          declaration(stmt.declaration, true);
          break;
        }
        const allType = stmt.exportKind === 'type';
        const values: ImportedName[] = [];
        const types: ImportedName[] = [];
        for (const s of stmt.specifiers as AstNode[]) {
          const local = nameOf(s.local);
          const exported = nameOf(s.exported);
          out.exports.add(exported);
          if (exported === 'default') out.definitions.add('default');
          if (stmt.source) (s.exportKind === 'type' && !allType ? types : values).push(named(s.local, exported, local));
          else if (local !== exported) alias(exported, local, s.exported.start);
        }
        if (stmt.source) {
          if (values.length > 0 || types.length === 0) fromFact(stmt, stmt.source.value, values, allType);
          if (types.length > 0) fromFact(stmt, stmt.source.value, types, true);
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const decl: AstNode = stmt.declaration;
        define(['default'], true);
        const own = decl.id?.type === 'Identifier' ? (decl.id.name as string) : null;
        if (own !== null) {
          out.definitions.add(own);
          alias('default', own, stmt.start);
        } else {
          const target = staticChain(decl);
          if (target !== null) alias('default', target, stmt.start);
        }
        break;
      }
      default:
        declaration(stmt, false);
    }
  }
  return out;
}

/** Names a binding pattern declares: `a`, `{ a, b: c, ...d }`, `[e = 1, [f]]`. */
export function patternNames(pattern: AstNode | null): string[] {
  const names: string[] = [];
  const stack: Array<AstNode | null> = [pattern];
  while (stack.length > 0) {
    const p = stack.pop();
    if (!p) continue;
    switch (p.type) {
      case 'Identifier': names.push(p.name); break;
      case 'ObjectPattern': for (const prop of p.properties as AstNode[]) stack.push(prop.type === 'RestElement' ? prop : prop.value); break;
      case 'ArrayPattern': stack.push(...(p.elements as Array<AstNode | null>)); break;
      case 'AssignmentPattern': stack.push(p.left); break;
      case 'RestElement': stack.push(p.argument); break;
    }
  }
  return names.reverse();
}

function rootName(id: AstNode): string {
  let n = id;
  while (n.type === 'TSQualifiedName') n = n.left;
  return n.name;
}
