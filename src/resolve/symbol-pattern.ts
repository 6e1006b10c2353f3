import picomatch from 'picomatch';

/**
 * Dotted globs in a rule's symbol lists (`app.**.websocket*factory*`,
 * `*.UserExecutionEngineWrapper`): `*` matches within one part, `**` any
 * number of parts, as picomatch matches path segments. Pure.
 */
export function isSymbolPattern(symbol: string): boolean {
  return symbol.includes('*');
}

/**
 * Whether a dotted name matches the glob: picomatch's regular expression for the glob with dots as
 * slashes, tested directly (a glob may be asked about every module and name of the repository on
 * each save: picomatch's matcher function and a split and join per name were most of that).
 */
export function dottedMatcher(pattern: string): (dotted: string) => boolean {
  const re = picomatch.makeRe(pattern.replaceAll('.', '/'), { dot: true });
  return (dotted) => re.test(dotted.includes('.') ? dotted.replaceAll('.', '/') : dotted);
}

/** The glob of the modules a pattern's names live in, and the glob of the names: `a.**.X*` -> `a.**`, `X*`. */
export function splitPattern(pattern: string): { readonly modules: string; readonly name: string } | null {
  const dot = pattern.lastIndexOf('.');
  return dot < 0 ? null : { modules: pattern.slice(0, dot), name: pattern.slice(dot + 1) };
}

/** A symbol as a matcher: a glob matches what it matches; any other symbol, itself only. */
export function symbolMatcher(symbol: string): (dotted: string) => boolean {
  return isSymbolPattern(symbol) ? dottedMatcher(symbol) : (dotted) => dotted === symbol;
}
