import type { FactKey, FileFacts } from '../model/index.js';
import { importedOrAliased } from './binding-changes.js';

/** What dotted globs and definition rules read of a module: the names it declares, and its class names. */
export interface BlobSummary {
  /**
   * The module-level names a glob may find in it (symbol-pattern.ts): those it defines (def, class,
   * assignment) or lists in `__all__`, and, in a package's `__init__`, those it imports: a package
   * passes on what it imports. A plain module that imports a name uses it: were that a find, the
   * module would be a home of the object (rule-targets.ts isHomeOf) and its own use of it no use.
   * All of them are names its STAR signature covers.
   */
  readonly declaredNames: readonly string[];
  /** The last segment of each class statement's name (`Outer.Inner` is `Inner`). */
  readonly classNames: readonly string[];
}

/**
 * Summaries by fact key (a blob's sha and kind: the same key, the same facts) and package-ness,
 * kept for the life of the process. A rule's glob may range over every module
 * of the repository, and a resolution memo lives for one check: without
 * these, a daemon decodes every module's facts again on every save to expand
 * one glob (1.3 s of a 1.4 s save on 10,000 modules). A pure function of the
 * key, so never stale; bounded, so a long-lived process does not grow with
 * every blob it has seen.
 */
export class BlobSummaries {
  /** By fact key, and whether the file is a package's `__init__` (one blob may be both). */
  private readonly byKey = new Map<string, BlobSummary>();

  constructor(private readonly max: number) {}

  of(key: FactKey, isPackage: boolean, facts: () => FileFacts | undefined): BlobSummary | undefined {
    const id = isPackage ? `${key}\0package` : key;
    const known = this.byKey.get(id);
    if (known) return known;
    const f = facts();
    if (!f) return undefined;
    const summary: BlobSummary = {
      declaredNames: [...new Set([...f.definitions, ...(f.dunderAll ?? []), ...(isPackage ? importedOrAliased(f) : [])])],
      classNames: f.classes.map((c) => c.name.slice(c.name.lastIndexOf('.') + 1)),
    };
    if (this.byKey.size >= this.max) this.byKey.clear();
    this.byKey.set(id, summary);
    return summary;
  }
}

/** Twice the modules of the largest repository we know (10,000): room for a branch switch's other blobs. */
export const BLOB_SUMMARIES = new BlobSummaries(50_000);
