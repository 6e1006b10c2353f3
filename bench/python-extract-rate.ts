/**
 * Python fact extraction rate, the fast extractor against lezer's walk, over
 * the same real files in one run, in MB/s of source (single thread), and how
 * many files the fast one left to lezer.
 *
 *   npm run build && node dist/bench/python-extract-rate.js [--rounds N] [dir ...]
 *
 * Default dirs: Debian's CPython standard library, Django and SymPy (the
 * verify:real corpus). The two extractors alternate per chunk of files, so
 * neither gets the machine while it is quieter. Fallbacks are timed in the
 * fast figure as what they cost: a fast attempt, then lezer. Not a test:
 * figures, not verdicts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractPythonFacts, extractPythonFactsFast, extractPythonFactsLezer } from '../src/parse/python/extract-facts.js';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const dirs = args.filter((a, i) => !a.startsWith('--') && i !== roundsAt + 1);
if (!dirs.length) dirs.push('/usr/lib/python3.11', '/usr/lib/python3/dist-packages/django', '/usr/lib/python3/dist-packages/sympy');

const SKIP = new Set(['site-packages', 'dist-packages', '__pycache__']);
const CHUNK = 50;

function pyFiles(dir: string, out: Uint8Array[] = []): Uint8Array[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (!SKIP.has(name)) pyFiles(path, out);
    } else if (name.endsWith('.py')) out.push(readFileSync(path));
  }
  return out;
}

function timed(files: readonly Uint8Array[], extract: (b: Uint8Array) => unknown): number {
  const started = performance.now();
  for (const f of files) extract(f);
  return performance.now() - started;
}

const files = dirs.flatMap((d) => pyFiles(d));
const bytes = files.reduce((n, f) => n + f.length, 0);
const fallbacks = files.filter((f) => extractPythonFactsFast(f) === null).length;
// Warm both up once, so the figures are of compiled code.
for (const f of files.slice(0, 200)) {
  extractPythonFacts(f);
  extractPythonFactsLezer(f);
}
let fastMs = 0;
let lezerMs = 0;
for (let r = 0; r < rounds; r++) {
  for (let c = 0; c < files.length; c += CHUNK) {
    const chunk = files.slice(c, c + CHUNK);
    // Which goes first alternates too.
    if ((c / CHUNK + r) % 2 === 0) {
      fastMs += timed(chunk, extractPythonFacts);
      lezerMs += timed(chunk, extractPythonFactsLezer);
    } else {
      lezerMs += timed(chunk, extractPythonFactsLezer);
      fastMs += timed(chunk, extractPythonFacts);
    }
  }
}
const mb = (bytes * rounds) / 1048576;
const fast = mb / (fastMs / 1000);
const lezer = mb / (lezerMs / 1000);
console.log(`python-extract-rate: ${files.length} files, ${(bytes / 1048576).toFixed(1)} MB, ${rounds} rounds, chunks of ${CHUNK} alternating`);
console.log(`  fast (with its fallbacks): ${fast.toFixed(1)} MB/s`);
console.log(`  lezer:                     ${lezer.toFixed(1)} MB/s`);
console.log(`  speed-up: ${(fast / lezer).toFixed(1)}x; fallbacks to lezer: ${fallbacks} files (${((100 * fallbacks) / files.length).toFixed(1)}%)`);
