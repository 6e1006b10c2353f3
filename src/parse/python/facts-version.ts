/**
 * Bump when Python extraction changes: it is part of the fact cache key. Its
 * own module, so reading the key does not load the parser.
 */
export const PYTHON_FACTS_VERSION = 'py-9';
