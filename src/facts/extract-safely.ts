import { NO_REFERENCES, type FileFacts } from '../model/index.js';
import { extractPythonFacts } from '../parse/python/extract-facts.js';

/**
 * Facts for any bytes. An extractor bug on one file must not take the engine
 * down; it becomes a warning on that file instead (and the file is judged as
 * having no imports, which the warning makes visible).
 */
export function extractFactsSafely(bytes: Uint8Array): FileFacts {
  try {
    return extractPythonFacts(bytes);
  } catch (err) {
    return {
      imports: [], aliases: [], definitions: [], dunderAll: null, references: NO_REFERENCES, suppressions: [],
      warnings: [{ code: 'syntax', line: 1, column: 1, message: `internal error while reading this file: ${(err as Error).message}` }],
    };
  }
}
