/** How a script is parsed; decided by the caller from the file extension. */
export type ScriptKind = 'ts' | 'tsx' | 'js' | 'jsx';

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
  // `.d.ts` is a script too: its imports and re-exports are part of the type graph.
  return BY_EXTENSION.get(path.slice(dot).toLowerCase()) ?? null;
}
