import type { FactWarning } from '../../model/index.js';
import { firstBadUtf8Offset, lineOfOffset } from '../python/decode-source.js';

export interface DecodedScript {
  readonly text: string;
  readonly warnings: FactWarning[];
}

/**
 * Bytes to text as Node and bundlers read a script: UTF-8, BOM dropped. There is
 * no encoding cookie in JS, so undecodable bytes are replaced and warned about;
 * imports on other lines are still read.
 */
export function decodeScript(bytes: Uint8Array): DecodedScript {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), warnings: [] };
  } catch {
    const at = firstBadUtf8Offset(body);
    return {
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body),
      warnings: [{
        code: 'encoding',
        message: `not valid UTF-8 (first bad byte at offset ${at}); undecodable bytes were replaced, imports on other lines are still checked`,
        line: lineOfOffset(body, at),
        column: 1,
      }],
    };
  }
}
