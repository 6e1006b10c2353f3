// Types of the parser scripts/build-python-grammar.mjs generates from
// python.grammar into dist/src/parse/python/grammar/parser.js (beside the
// compiled code that imports it), so tsc checks its import.
import type { LRParser } from '@lezer/lr';

export declare const parser: LRParser;
