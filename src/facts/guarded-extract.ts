import { NO_REFERENCES, type FactWarning, type FileFacts, type FileKind } from '../model/index.js';
import type { extractPythonFacts } from '../parse/python/extract-facts.js';
import type { extractScriptFacts } from '../parse/typescript/extract-facts.js';
import type { extractManifestFacts } from '../parse/manifest/extract-manifest.js';

/** One extractor per kind of file; a process loads only those it needs (lazy-extractors.ts). */
export interface Extractors {
  readonly python: typeof extractPythonFacts;
  readonly script: typeof extractScriptFacts;
  readonly manifest: typeof extractManifestFacts;
}

/**
 * Parsing costs ~50 bytes of memory per source byte and is not linear in
 * time (Python: 20 MB took 16 s and 1 GB, 50 MB killed node with V8 "invalid
 * size"). Larger files of any kind are not parsed; the 'too-large' warning
 * blocks the check (report/reporter.ts), since a file nobody read may hold a
 * violation.
 */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

/**
 * Facts for any bytes, by the extractor for the file's kind. A file too large
 * to parse, or an extractor bug on one file, must not take the engine down:
 * either becomes a blocking diagnostic on that file instead ('too-large',
 * 'unreadable'), since the file is judged as having no imports and a
 * violation in it would otherwise pass.
 */
export function extractWith(extractors: Extractors, bytes: Uint8Array, kind: FileKind): FileFacts {
  if (bytes.length > MAX_SOURCE_BYTES) {
    const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1);
    return unjudged({
      code: 'too-large', line: 1, column: 1,
      message: `file is ${mb(bytes.length)} MB, over the ${mb(MAX_SOURCE_BYTES)} MB ssot-guard reads: it was NOT checked; if it is generated, list it under "exclude" in ssot-guard.config.json`,
    });
  }
  try {
    switch (kind) {
      case 'python':
        return extractors.python(bytes);
      case 'tsconfig':
      case 'package':
        return extractors.manifest(bytes, kind);
      default:
        return extractors.script(bytes, kind);
    }
  } catch (err) {
    return unjudged({ code: 'unreadable', line: 1, column: 1, message: `internal error while reading this file, it was NOT checked: ${(err as Error).message}` });
  }
}

/** The facts of a file that was not read: nothing but why. */
function unjudged(warning: FactWarning): FileFacts {
  return { imports: [], aliases: [], definitions: [], rebound: [], dunderAll: null, references: NO_REFERENCES, suppressions: [], warnings: [warning] };
}
