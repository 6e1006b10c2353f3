import type { FileKind } from '../model/index.js';
import { isManifest, languageOf } from '../model/index.js';
import type { Extractors } from './guarded-extract.js';

const missing = (what: string) => (): never => {
  throw new Error(`internal: the ${what} extractor was not loaded`);
};

/**
 * The extractors for these kinds of file, loading only those: a one-shot
 * check that parses one Python file must not pay for loading the TypeScript
 * parser (a native module, about 20 ms) too, nor either when it parses nothing.
 */
export async function loadExtractors(kinds: Iterable<FileKind>): Promise<Extractors> {
  let python = false;
  let script = false;
  let manifest = false;
  for (const kind of kinds) {
    if (isManifest(kind)) manifest = true;
    else if (languageOf(kind) === 'python') python = true;
    else script = true;
  }
  const [p, s, m] = await Promise.all([
    python ? import('../parse/python/extract-facts.js') : null,
    script ? import('../parse/typescript/extract-facts.js') : null,
    manifest ? import('../parse/manifest/extract-manifest.js') : null,
  ]);
  return {
    python: p?.extractPythonFacts ?? missing('Python'),
    script: s?.extractScriptFacts ?? missing('script'),
    manifest: m?.extractManifestFacts ?? missing('manifest'),
  };
}

/**
 * Starts loading the extractors for these kinds without waiting: the module
 * cache keeps them, so the parse that follows finds them loaded. A check
 * calls this while it waits for disk and git anyway (Python's parser tables
 * take about 10 ms to load).
 */
export function preloadExtractors(kinds: Iterable<FileKind>): void {
  loadExtractors(kinds).catch(() => {
    // The parse that needs them loads them again and reports the failure there.
  });
}
