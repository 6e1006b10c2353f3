/**
 * Collects the fast extractor's facts in the order lezer's walk
 * (extract-facts.ts) meets them, and assembles FileFacts the way the walker
 * does: the statement parser (statements.ts) says what it saw, this module
 * says what that makes.
 */
import type { AliasBinding, ClassFact, DynamicImport, FactWarning, FileFacts, ImportFact, Position, ReferenceRole, Suppression, UnitName } from '../../../model/index.js';
import { importBoundNames, type RawReference } from '../../reference-packer.js';
import { keepDynamicImports, type DynamicCandidate, type DynamicTarget } from '../dynamic-import.js';
import { assembleFacts } from '../assemble-facts.js';

/** A call of an attribute, `x.name(...)`: lezer meets calls outer first, so these are sorted by the call's span. */
interface MethodCall {
  readonly callFrom: number;
  readonly callTo: number;
  readonly reference: RawReference;
}

/** Where a statement stands (extract-facts.ts isGuarded, isModuleBody). */
export const Place = {
  /** Directly in the module body. */
  Module: 0,
  /** Directly in a def's or class's body. */
  Body: 1,
  /** Under an `if`, `try`, loop or `with`: it may not run. */
  Guarded: 2,
} as const;

export type Place = (typeof Place)[keyof typeof Place];

export class FactBuilder {
  readonly imports: ImportFact[] = [];
  readonly aliases: AliasBinding[] = [];
  readonly definitions = new Set<string>();
  /** See rebound-names.ts. */
  readonly lastDirect = new Map<string, boolean>();
  dunderAll: string[] | null = null;
  readonly classes: ClassFact[] = [];
  /** References as columns, with each one's root name: only those rooted at an import-bound name become objects (result). */
  private readonly refUnits: UnitName[] = [];
  private readonly refDotted: string[] = [];
  private readonly refRoots: string[] = [];
  private readonly refFrom: number[] = [];
  private readonly refRoles: ReferenceRole[] = [];
  private readonly methodCalls: MethodCall[] = [];
  private readonly candidates: DynamicCandidate[] = [];

  constructor(readonly pos: (offset: number) => Position) {}

  /** A reference to `dotted`, whose first name is `root`. */
  reference(unit: UnitName, from: number, dotted: string, root: string, role: ReferenceRole): void {
    this.refUnits.push(unit);
    this.refDotted.push(dotted);
    this.refRoots.push(root);
    this.refFrom.push(from);
    this.refRoles.push(role);
  }

  methodCall(unit: UnitName, callFrom: number, callTo: number, nameFrom: number, name: string): void {
    this.methodCalls.push({ callFrom, callTo, reference: { unit, dotted: name, from: nameFrom, role: 'call' } });
  }

  /** A dynamic-import candidate at `from`, put in the imports at `index` (lezer meets a call before those in its arguments). */
  dynamicImport(index: number, from: number, callee: string, target: DynamicTarget, unit: UnitName, typeOnly: boolean): DynamicImport {
    const fact: DynamicImport = { kind: 'dynamic', module: target.module, level: target.level, bound: null, unit, typeOnly, ...this.pos(from) };
    this.candidates.push({ fact, callee, emptyFromlist: target.emptyFromlist, absolute: target.absolute });
    if (index === this.imports.length) this.imports.push(fact);
    else this.imports.splice(index, 0, fact);
    return fact;
  }

  /** The imports just added by an import statement at module level: their names' last binding is an import. */
  importedAtModuleLevel(from: number): void {
    for (const name of importBoundNames(this.imports.slice(from), [])) this.lastDirect.set(name, false);
  }

  result(suppressions: Suppression[], warnings: FactWarning[]): FileFacts {
    keepDynamicImports(this.imports, this.candidates, this.aliases, this.definitions);
    const calls = this.methodCalls;
    calls.sort((a, b) => a.callFrom - b.callFrom || b.callTo - a.callTo);
    const bound = importBoundNames(this.imports, this.aliases);
    const references: RawReference[] = [];
    for (let r = 0; r < this.refRoots.length; r++) {
      if (bound.has(this.refRoots[r]!)) references.push({ unit: this.refUnits[r]!, dotted: this.refDotted[r]!, from: this.refFrom[r]!, role: this.refRoles[r]! });
    }
    return assembleFacts({
      imports: this.imports, aliases: this.aliases, definitions: this.definitions, lastDirect: this.lastDirect, dunderAll: this.dunderAll,
      references, methodCalls: calls.map((c) => c.reference), classes: this.classes, suppressions, warnings, pos: this.pos,
    });
  }
}
