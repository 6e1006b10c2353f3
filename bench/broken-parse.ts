/**
 * Python extraction speed on broken and on real input, with Lezer's error
 * recovery bounded (what the engine runs: extractPythonFacts) and unbounded
 * (the plain parse it replaced), in MB/s of source.
 *
 *   npm run build && node dist/bench/broken-parse.js [--mb N] [dir ...]
 *
 * Shapes: `x = 1 \ y` and `x = = 1` lines (the issue 18 cases), a file with
 * one unclosed bracket, and every `.py` under each dir given (default:
 * Debian's Django) read as real code. Not a test: figures, not verdicts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractFromText, extractPythonFacts } from '../src/parse/python/extract-facts.js';
import { decodeSource } from '../src/parse/python/decode-source.js';
import { limitNesting } from '../src/parse/python/limit-nesting.js';
import { parser } from '../src/parse/python/grammar/parser.js';

const args = process.argv.slice(2);
const mbAt = args.indexOf('--mb');
const mb = mbAt >= 0 ? Number(args[mbAt + 1]) : 1;
const dirs = args.filter((a, i) => !a.startsWith('--') && i !== mbAt + 1);
if (!dirs.length) dirs.push('/usr/lib/python3/dist-packages/django');

/** The extraction as it was before the recovery budget: the same steps, the parse unbounded. */
function unbounded(bytes: Uint8Array): void {
  const { text, warnings } = decodeSource(bytes);
  const limited = limitNesting(text).text;
  extractFromText(limited, warnings, parser.parse(limited));
}

function rate(files: readonly Uint8Array[], extract: (b: Uint8Array) => unknown): { mbPerS: number; s: number } {
  const bytes = files.reduce((n, f) => n + f.length, 0);
  const started = performance.now();
  for (const f of files) extract(f);
  const s = (performance.now() - started) / 1000;
  return { mbPerS: bytes / 1048576 / s, s };
}

function pyFiles(dir: string, out: Uint8Array[] = []): Uint8Array[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) pyFiles(path, out);
    else if (name.endsWith('.py')) out.push(readFileSync(path));
  }
  return out;
}

const repeat = (line: string): Uint8Array[] => [Buffer.from(line.repeat(Math.ceil((mb * 1048576) / line.length)))];
const cases: Array<[string, Uint8Array[]]> = [
  ['`x = 1 \\ y` lines', repeat('x = 1 \\ y\n')],
  ['`x = = 1` lines', repeat('x = = 1\n')],
  ['one unclosed `(` then good code', [Buffer.from(`x = (\n${'def f(a, b=1):\n    return a + b * 2  # c\n'.repeat(Math.ceil((mb * 1048576) / 40))}`)]],
  ...dirs.map((d): [string, Uint8Array[]] => [d, pyFiles(d)]),
];
for (const [name, files] of cases) {
  // Warm the parser on the same input once, so neither side pays for compiling it.
  extractPythonFacts(files[0]!);
  // Interleaved, best of three each: the machine's load moves more than the difference.
  const runs = [0, 1, 2].map(() => [rate(files, unbounded), rate(files, extractPythonFacts)] as const);
  const best = (i: 0 | 1) => runs.map((r) => r[i]).reduce((x, y) => (y.mbPerS > x.mbPerS ? y : x));
  const before = best(0);
  const after = best(1);
  const size = files.reduce((n, f) => n + f.length, 0) / 1048576;
  console.log(`${name} (${size.toFixed(1)} MB): before ${before.mbPerS.toFixed(2)} MB/s (${before.s.toFixed(1)} s), after ${after.mbPerS.toFixed(2)} MB/s (${after.s.toFixed(1)} s)`);
}
