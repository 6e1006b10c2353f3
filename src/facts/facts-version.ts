import { PYTHON_FACTS_VERSION } from '../parse/python/facts-version.js';
import { SCRIPT_FACTS_VERSION } from '../parse/typescript/facts-version.js';

/** The fact cache's key: a change to any extractor (or to guarded-extract.ts, which wraps them all, or to the Python parse budgets of bounded-parse.ts and salvage-imports.ts, counted here to leave PYTHON_FACTS_VERSION to the extractor) makes every cached fact suspect. */
export const FACTS_VERSION = `${PYTHON_FACTS_VERSION}+${SCRIPT_FACTS_VERSION}+manifest-1+guard-3`;
