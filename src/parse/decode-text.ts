import type { FactWarning } from '../model/index.js';

export interface DecodedText {
  readonly text: string;
  readonly warnings: FactWarning[];
}

/**
 * Source bytes to text, BOM dropped, in `encoding` (UTF-8 unless a language's
 * own declaration says otherwise). Undecodable bytes never stop extraction (a
 * half-readable file still yields its imports) but always leave a warning with
 * the line, so nothing passes silently.
 */
export function decodeText(bytes: Uint8Array, encoding: (body: Uint8Array) => string | null = () => null): DecodedText {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const declared = encoding(body);
  try {
    return { text: new TextDecoder(declared ?? 'utf-8', { fatal: true, ignoreBOM: true }).decode(body), warnings: [] };
  } catch {
    const at = firstBadUtf8Offset(body);
    return {
      text: new TextDecoder(declared ?? 'utf-8', { ignoreBOM: true }).decode(body),
      warnings: [{
        code: 'encoding',
        message: `not valid ${declared ?? 'UTF-8'} (first bad byte at offset ${at}); undecodable bytes were replaced, imports on other lines are still checked`,
        line: lineOfOffset(body, at),
        column: 1,
      }],
    };
  }
}

function firstBadUtf8Offset(bytes: Uint8Array): number {
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
function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  return line;
}
