/**
 * Bump when script extraction changes: it is part of the fact cache key. Its
 * own module, so reading the key does not load the parser.
 */
export const SCRIPT_FACTS_VERSION = 'ts-4';
