import type { FactWarning } from '../../model/index.js';
import { decodeText } from '../decode-text.js';
import { lineIndex } from '../line-index.js';

export interface DecodedSource {
  readonly text: string;
  readonly warnings: FactWarning[];
}

// PEP 263: the encoding cookie may stand on line 1 or 2.
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Bytes to text the way CPython reads source: UTF-8 unless a PEP 263 cookie says otherwise (decode-text.ts). */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const { text, warnings } = decodeText(bytes, declaredEncoding);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    warnings.push({ code: 'encoding', message: 'source contains a NUL byte (CPython refuses to import it)', ...lineIndex(text)(nul), column: 1 });
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
