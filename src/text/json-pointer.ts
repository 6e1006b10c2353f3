/** A key as one token of a JSON pointer (RFC 6901): `~` and `/` escaped, so `/rules/0/spellings/<key>` names it. */
export function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
