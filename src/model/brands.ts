/** Branded strings: mixing two kinds of string is a bug the compiler should catch. */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Hex sha1 of a git blob: `sha1("blob <len>\0" + bytes)`. */
export type BlobSha = Brand<string, 'BlobSha'>;
/** Dotted Python module name, e.g. `app.services.bridge`. */
export type ModuleName = Brand<string, 'ModuleName'>;
/** Repository-relative POSIX path, as git prints it (no leading `./`). */
export type RepoPath = Brand<string, 'RepoPath'>;
/** Dotted symbol: a module, or a module followed by a name defined in it. */
export type SymbolName = Brand<string, 'SymbolName'>;
/** Hex id of a git tree object (`HEAD^{tree}`): the same id, the same files and blobs. */
export type TreeId = Brand<string, 'TreeId'>;
/** Stable identity of a violation: rule, file, unit and symbols; never line numbers. */
export type Fingerprint = Brand<string, 'Fingerprint'>;

export const asBlobSha = (s: string): BlobSha => s as BlobSha;
export const asModuleName = (s: string): ModuleName => s as ModuleName;
export const asRepoPath = (s: string): RepoPath => s as RepoPath;
export const asSymbolName = (s: string): SymbolName => s as SymbolName;
export const asTreeId = (s: string): TreeId => s as TreeId;
export const asFingerprint = (s: string): Fingerprint => s as Fingerprint;
/**
 * What facts are cached under: the blob sha, and for anything but Python the
 * file kind too (`<sha>:ts`), since the same bytes mean different things to
 * different extractors (an empty `__init__.py` and an empty `index.ts`).
 */
export type FactKey = Brand<string, 'FactKey'>;
