/**
 * The value of a plain Python string literal token, or null when it is not a
 * constant we can read (f-strings, bytes, implicit concatenation).
 */
export function stringLiteralValue(token: string): string | null {
  const m = /^([rRuU]?)('''|"""|'|")/.exec(token);
  if (!m) return null;
  const quote = m[2]!;
  const body = token.slice(m[0].length, token.length - quote.length);
  if (!token.endsWith(quote) || body.length < 0) return null;
  // Module and export names never need escapes; a backslash means "not a name" for us.
  return m[1]!.toLowerCase() !== 'r' && body.includes('\\') ? null : body;
}
