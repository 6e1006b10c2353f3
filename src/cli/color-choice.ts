/**
 * Colour as the conventions say: --no-color and NO_COLOR (any value) turn it
 * off, FORCE_COLOR turns it on even when the output is not a terminal (CI
 * logs that render ANSI), except FORCE_COLOR=0 or false, which turns it off;
 * otherwise colour when the output is a terminal.
 */
export function colorWanted(noColorFlag: boolean, env: NodeJS.ProcessEnv): 'auto' | 'always' | 'never' {
  if (noColorFlag || (env['NO_COLOR'] ?? '') !== '') return 'never';
  const force = env['FORCE_COLOR'];
  if (force === undefined) return 'auto';
  return force === '0' || force === 'false' ? 'never' : 'always';
}

/** Whether to colour a stream, given the choice. */
export function colorOn(choice: 'auto' | 'always' | 'never', stream: { readonly isTTY?: boolean }): boolean {
  return choice === 'always' || (choice === 'auto' && Boolean(stream.isTTY));
}
