import picomatch from 'picomatch';

/**
 * Dotted globs in a rule's symbol lists (`app.**.websocket*factory*`,
 * `*.UserExecutionEngineWrapper`): `*` matches within one part, `**` any
 * number of parts, as picomatch matches path segments. Pure.
 */
export function isSymbolPattern(symbol: string): boolean {
  return symbol.includes('*');
}

/** Whether a dotted name matches the glob. */
export function dottedMatcher(pattern: string): (dotted: string) => boolean {
  const match = picomatch(pattern.split('.').join('/'), { dot: true });
  return (dotted) => match(dotted.split('.').join('/'));
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
