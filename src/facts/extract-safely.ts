import type { FileFacts, FileKind } from '../model/index.js';
import { extractPythonFacts } from '../parse/python/extract-facts.js';
import { extractScriptFacts } from '../parse/typescript/extract-facts.js';
import { extractManifestFacts } from '../parse/manifest/extract-manifest.js';
import { extractWith, type Extractors } from './guarded-extract.js';

export { MAX_SOURCE_BYTES } from './guarded-extract.js';

export const ALL_EXTRACTORS: Extractors = { python: extractPythonFacts, script: extractScriptFacts, manifest: extractManifestFacts };

/** Facts for any bytes, every extractor loaded up front (parse workers, tests); guarded-extract.ts says how failures are reported. */
export function extractFactsSafely(bytes: Uint8Array, kind: FileKind = 'python'): FileFacts {
  return extractWith(ALL_EXTRACTORS, bytes, kind);
}
