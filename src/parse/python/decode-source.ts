import type { FactWarning } from '../../model/index.js';

export interface DecodedSource {
  readonly text: string;
  readonly warnings: FactWarning[];
}

const BOM = [0xef, 0xbb, 0xbf];
// PEP 263: the encoding cookie may stand on line 1 or 2.
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * Bytes to text the way CPython reads source: UTF-8 unless a PEP 263 cookie says
 * otherwise. Undecodable bytes never stop extraction (a half-readable file still
 * yields its imports) but always leave a warning, so nothing passes silently.
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const warnings: FactWarning[] = [];
  let body = bytes;
  if (BOM.every((b, i) => bytes[i] === b)) body = bytes.subarray(3);
  const encoding = declaredEncoding(body);
  let text: string;
  try {
    text = new TextDecoder(encoding ?? 'utf-8', { fatal: true }).decode(body);
  } catch {
    text = new TextDecoder(encoding && isKnownEncoding(encoding) ? encoding : 'utf-8').decode(body);
    const at = firstBadUtf8Offset(body);
    warnings.push({
      code: 'encoding',
      message: `not valid ${encoding ?? 'UTF-8'} (first bad byte at offset ${at}); undecodable bytes were replaced, imports on other lines are still checked`,
      line: lineOfOffset(body, at),
      column: 1,
    });
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    warnings.push({ code: 'encoding', message: 'source contains a NUL byte (CPython refuses to import it)', line: lineOfOffset(body, nul), column: 1 });
  }
  return { text, warnings };
}

function declaredEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 400)).split('\n', 2);
  for (const line of head) {
    const m = CODING_COOKIE.exec(line);
    if (m?.[1]) {
      const name = m[1].toLowerCase().replace(/_/g, '-');
      if (name === 'utf8' || name.startsWith('utf-8')) return null;
      // Python spells some codecs differently from the WHATWG labels TextDecoder knows (latin-1 vs latin1).
      return [name, name.replace(/-/g, ''), name.replace(/^iso(\d)/, 'iso-$1')].find(isKnownEncoding) ?? null;
    }
  }
  return null;
}

function isKnownEncoding(name: string): boolean {
  try {
    new TextDecoder(name);
    return true;
  } catch {
    return false;
  }
}

export function firstBadUtf8Offset(bytes: Uint8Array): number {
  // Binary search on the longest prefix that decodes: cheap and exact enough for a message.
  let lo = 0;
  let hi = bytes.length;
  const ok = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Counts line ends as line-index.ts does: `\n`, `\r\n`, or a lone `\r`. */
export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  return line;
}
