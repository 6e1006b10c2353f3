/**
 * Where a name really comes from, and the re-export/alias hops on the way.
 * Its own file: the resolver finds origins and a declared symbol's lookups
 * answer with them, so both take it from here rather than from each other.
 */
export interface Origin {
  readonly symbol: string;
  readonly via: readonly string[];
}
