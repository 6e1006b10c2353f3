import { readFileSync } from 'node:fs';
import { cachedRepoDir, ensureCachedRepo, fileWriter } from '../cached-repo.js';
import { commitAll } from '../git-commit-all.js';
import type { CorpusSource } from './debian-corpus.js';
import { PLANTED_FILES, realConfig } from './real-rules.js';

/** Bump on any change to the layout, the rules or the planted files: the cache directory is named by it and the package versions. */
export const REAL_CORPUS_VERSION = 1;

export interface RealRepo {
  readonly root: string;
  readonly pyFiles: number;
  readonly pyBytes: number;
  /** Corpus part -> Debian package, version, files, bytes. */
  readonly parts: ReadonlyArray<{ readonly dir: string; readonly deb: string; readonly version: string; readonly files: number; readonly bytes: number }>;
  readonly missing: readonly string[];
  readonly rules: number;
  readonly rulesLeftOut: readonly string[];
  readonly head: string;
  readonly generated: boolean;
  readonly generateMs: number;
}

type Marker = Omit<RealRepo, 'root' | 'generated'> & { readonly corpusVersion: number };

/**
 * The corpus as a monorepo in tmpdir, built once per set of package
 * versions: stdlib/, packages/<name>/ (each a python root) and apps/ (the
 * planted code), one commit.
 */
export function ensureRealRepo(source: CorpusSource, log: (line: string) => void = () => {}, prefix = 'ssot-guard-bench-real'): RealRepo {
  const versions = Object.fromEntries(source.parts.map((p) => [p.deb, p.version]));
  const root = cachedRepoDir(prefix, REAL_CORPUS_VERSION, { versions, files: source.parts.map((p) => p.files.length) });
  const { marker, generated } = ensureCachedRepo(root, 'ssot-guard-bench-real.json', (): Marker => {
    const started = performance.now();
    log(`copying ${source.parts.reduce((n, p) => n + p.files.length, 0)} .py files of ${source.parts.length} corpus parts into ${root}`);
    const write = fileWriter(root);
    const parts = source.parts.map((p) => {
      let bytes = 0;
      for (const f of p.files) bytes += write(`${p.dir}/${f.to}`, readFileSync(f.from));
      return { dir: p.dir, deb: p.deb, version: p.version, files: p.files.length, bytes };
    });
    let pyFiles = parts.reduce((n, p) => n + p.files, 0);
    let pyBytes = parts.reduce((n, p) => n + p.bytes, 0);
    for (const [path, text] of Object.entries(PLANTED_FILES)) {
      pyBytes += write(path, text);
      pyFiles++;
    }
    const { config, rules, left } = realConfig(parts.map((p) => p.dir));
    write('ssot-guard.config.json', `${JSON.stringify(config, null, 2)}\n`);
    write('README.md', '# Real-code monorepo\n\nCopied by ssot-guard/bench/real/ from Debian\'s Python packages for benchmarks. Do not edit.\n');
    log(`wrote ${pyFiles} .py files, ${(pyBytes / 2 ** 20).toFixed(1)} MB; committing`);
    const head = commitAll(root, 'Real Python from Debian packages, for ssot-guard benchmarks');
    const generateMs = Math.round(performance.now() - started);
    return { corpusVersion: REAL_CORPUS_VERSION, pyFiles, pyBytes, parts, missing: source.missing, rules, rulesLeftOut: left, head, generateMs };
  });
  return { root, ...marker, generated };
}
