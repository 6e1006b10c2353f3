import { NO_REFERENCES, type FileFacts, type FileKind } from '../model/index.js';
import { extractPythonFacts } from '../parse/python/extract-facts.js';
import { extractScriptFacts } from '../parse/typescript/extract-facts.js';
import { extractManifestFacts } from '../parse/manifest/extract-manifest.js';

/**
 * Facts for any bytes, by the extractor for the file's kind. An extractor bug on one file must not take the engine
 * down; it becomes an 'unreadable' diagnostic on that file instead, which
 * blocks the check: the file was judged as having no imports, so a
 * violation in it would otherwise pass.
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
      warnings: [{ code: 'unreadable', line: 1, column: 1, message: `internal error while reading this file, it was NOT checked: ${(err as Error).message}` }],
    };
  }
}
