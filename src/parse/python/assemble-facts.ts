/**
 * FileFacts from what a Python extractor collected: the one assembly both
 * the lezer walker (extract-facts.ts) and the fast extractor
 * (fast/fact-builder.ts) end with, so the parts they derive agree.
 */
import { MODULE_UNIT, type AliasBinding, type ClassFact, type FactWarning, type FileFacts, type ImportFact, type Position, type Suppression } from '../../model/index.js';
import { importBoundNames, packReferences, type RawReference } from '../reference-packer.js';

export interface CollectedFacts {
  readonly imports: ImportFact[];
  readonly aliases: AliasBinding[];
  readonly definitions: ReadonlySet<string>;
  /** Per name, in the order first bound, whether its last module-level binding is an unindented definition of its own (true) or an import or alias (false). */
  readonly lastDirect: ReadonlyMap<string, boolean>;
  readonly dunderAll: string[] | null;
  /** Every reference seen, in the walk's order (filtered to import-bound roots here). */
  readonly references: readonly RawReference[];
  /** Every attribute call seen, in the walk's order. */
  readonly methodCalls: readonly RawReference[];
  readonly classes: ClassFact[];
  readonly suppressions: Suppression[];
  readonly warnings: FactWarning[];
  readonly pos: (offset: number) => Position;
}

export function assembleFacts(c: CollectedFacts): FileFacts {
  return {
    imports: c.imports,
    aliases: c.aliases,
    definitions: [...c.definitions],
    rebound: reboundNames(c.lastDirect, c.imports, c.aliases),
    dunderAll: c.dunderAll,
    references: packReferences(c.references, importBoundNames(c.imports, c.aliases), c.pos),
    methodCalls: packReferences(c.methodCalls, null, c.pos),
    classes: c.classes,
    suppressions: c.suppressions,
    warnings: c.warnings,
  };
}

/**
 * FileFacts.rebound: of the names an import or alias binds at module level,
 * those whose last binding there is an unindented definition of the module's own.
 */
function reboundNames(lastDirect: ReadonlyMap<string, boolean>, imports: readonly ImportFact[], aliases: readonly AliasBinding[]): string[] {
  const imported = importBoundNames(imports.filter((imp) => imp.unit === MODULE_UNIT), aliases);
  return [...lastDirect].filter(([name, own]) => own && imported.has(name)).map(([name]) => name);
}
