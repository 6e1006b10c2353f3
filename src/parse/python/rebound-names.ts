import { MODULE_UNIT, type AliasBinding, type ImportFact } from '../../model/index.js';
import { importBoundNames } from '../reference-packer.js';

/**
 * FileFacts.rebound, shared by both Python extractors: of the names an
 * import or alias binds at module level, those whose last binding there is
 * an unindented definition of the module's own. `lastDirect` holds, per
 * name in the order first bound, whether its last module-level binding is
 * such a definition (true) or an import or alias (false).
 */
export function reboundNames(lastDirect: ReadonlyMap<string, boolean>, imports: readonly ImportFact[], aliases: readonly AliasBinding[]): string[] {
  const imported = importBoundNames(imports.filter((imp) => imp.unit === MODULE_UNIT), aliases);
  return [...lastDirect].filter(([name, own]) => own && imported.has(name)).map(([name]) => name);
}
