/**
 * How a script is parsed; decided by the caller from the file extension.
 * `dts` is a declaration file (`.d.ts`, `.d.mts`, `.d.cts`): its grammar allows
 * what a .ts file does not (`declare const x: T;` without initialiser), and its
 * imports and re-exports are part of the type graph.
 */
export type ScriptKind = 'ts' | 'tsx' | 'js' | 'jsx' | 'dts';

const BY_EXTENSION: ReadonlyMap<string, ScriptKind> = new Map([
  ['.ts', 'ts'], ['.mts', 'ts'], ['.cts', 'ts'],
  ['.tsx', 'tsx'],
  // JSX inside .js is common (CRA, older React code): .js is parsed as JSX too.
  ['.js', 'js'], ['.mjs', 'js'], ['.cjs', 'js'],
  ['.jsx', 'jsx'],
]);

export function scriptKindOf(path: string): ScriptKind | null {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return null;
  const kind = BY_EXTENSION.get(path.slice(dot).toLowerCase()) ?? null;
  return kind === 'ts' && /\.d\.[mc]?ts$/i.test(path) ? 'dts' : kind;
}
