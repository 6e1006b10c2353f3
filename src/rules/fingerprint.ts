import { createHash } from 'node:crypto';
import { asFingerprint, type Fingerprint } from '../model/index.js';

/** Rule, file, unit and symbols, never positions: moving code must not make a violation new. */
export function fingerprintOf(rule: string, file: string, unit: string, symbols: readonly string[]): Fingerprint {
  const key = [rule, file, unit, ...[...new Set(symbols)].sort()].join('\0');
  return asFingerprint(createHash('sha1').update(key).digest('hex').slice(0, 20));
}
