/** Minimal ANSI styling; every call is a no-op when colour is off. */
export function styler(color: boolean) {
  const wrap = (code: string) => (s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { red: wrap('31'), green: wrap('32'), yellow: wrap('33'), cyan: wrap('36'), dim: wrap('2'), bold: wrap('1') };
}
