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
  if (isLfsPointer(bytes)) {
    // Parsed, it is one syntax error and no imports: the code it stands for would pass unread.
    return unjudged({
      code: 'lfs-pointer', line: 1, column: 1,
      message:
        'this is a Git LFS pointer, not source: the code it stands for is not in the commit (git stores it in LFS), so it was NOT checked; ' +
        'keep source out of LFS (`git lfs untrack` its pattern in .gitattributes, then `git add --renormalize` the file), or list it under "exclude" in ssot-guard.config.json',
    });
  }
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

/**
 * A Git LFS pointer file (git-lfs spec v1: the `version` line first, the
 * whole pointer under 1024 bytes): what a clean filter stores in git for a
 * file tracked with LFS, or what a checkout without git-lfs leaves on disk.
 */
const LFS_VERSION_LINES = ['version https://git-lfs.github.com/spec/v1\n', 'version https://hawser.github.com/spec/v1\n'].map((l) => Buffer.from(l));
const MAX_LFS_POINTER_BYTES = 1024;

export function isLfsPointer(bytes: Uint8Array): boolean {
  if (bytes.length >= MAX_LFS_POINTER_BYTES) return false;
  return LFS_VERSION_LINES.some((line) => bytes.length >= line.length && Buffer.from(bytes.buffer, bytes.byteOffset, line.length).equals(line));
}

/** The facts of a file that was not read: nothing but why. */
function unjudged(warning: FactWarning): FileFacts {
  return { imports: [], aliases: [], definitions: [], rebound: [], dunderAll: null, references: NO_REFERENCES, methodCalls: NO_REFERENCES, classes: [], suppressions: [], warnings: [warning] };
}
