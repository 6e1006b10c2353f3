import type { Language } from '../model/index.js';

/**
 * Python symbols are dotted (`app.legacy.Client`); script symbols name a
 * module by its path and an export after `#` (`src/legacy/client#Client`,
 * `lodash#debounce`), or a module alone by a path with a `/`. A bare word is
 * Python's.
 */
export function symbolLanguage(symbol: string): Language {
  return symbol.includes('#') || symbol.includes('/') ? 'script' : 'python';
}

/** The separator between a module and a name defined in it. */
export const memberSeparator = (language: Language): string => (language === 'script' ? '#' : '.');
