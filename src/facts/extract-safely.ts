import { NO_REFERENCES, type FileFacts, type FileKind } from '../model/index.js';
import { extractPythonFacts } from '../parse/python/extract-facts.js';
import { extractScriptFacts } from '../parse/typescript/extract-facts.js';
import { extractManifestFacts } from '../parse/manifest/extract-manifest.js';

/**
 * Facts for any bytes, by the extractor for the file's kind. An extractor bug
 * on one file must not take the engine down; it becomes a warning on that
 * file instead (and the file is judged as having no imports, which the
 * warning makes visible).
 */
export function extractFactsSafely(bytes: Uint8Array, kind: FileKind = 'python'): FileFacts {
  try {
    switch (kind) {
      case 'python':
        return extractPythonFacts(bytes);
      case 'tsconfig':
      case 'package':
        return extractManifestFacts(bytes, kind);
      default:
        return extractScriptFacts(bytes, kind);
    }
  } catch (err) {
    return {
      imports: [], aliases: [], definitions: [], dunderAll: null, references: NO_REFERENCES, suppressions: [],
      warnings: [{ code: 'syntax', line: 1, column: 1, message: `internal error while reading this file: ${(err as Error).message}` }],
    };
  }
}
