/**
 * Which parser the TS/JS fact extractor stands on, by measurement: full fact
 * extraction (module record, the walk for units and references, suppressions)
 * over one seeded corpus of ~2,000 TS/TSX files, with oxc-parser (the shipped
 * extractor, src/parse/typescript) and with the TypeScript compiler API (an
 * equivalent extractor, bench/ts-api-facts.ts). Two figures, both as ratios:
 * - cold: a fresh process loads the parser and extracts the corpus once, as a
 *   one-shot check or a parse worker does (includes loading the module);
 * - warm: the same process extracting the corpus again, as the daemon does.
 * Runs alternate between candidates so machine load hits both alike.
 *
 *   npm run build && node dist/bench/ts-parser-choice.js [files=2000] [rounds=5]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FileFacts } from '../src/model/index.js';
import { generateCorpus, type SourceFile } from './ts-corpus.js';

type Extract = (f: SourceFile) => FileFacts;

const CANDIDATES: Record<string, () => Promise<Extract>> = {
  'oxc-parser': async () => {
    const { extractScriptFacts } = await import('../src/parse/typescript/extract-facts.js');
    return (f) => extractScriptFacts(f.bytes, f.tsx ? 'tsx' : 'ts');
  },
  typescript: async () => {
    const { extractWithTypeScript } = await import('./ts-api-facts.js');
    return (f) => extractWithTypeScript(f.bytes, f.tsx);
  },
};

interface Pass { readonly ms: number; readonly imports: number; readonly refs: number }

function pass(extract: Extract, files: readonly SourceFile[]): Pass {
  let imports = 0;
  let refs = 0;
  const t0 = performance.now();
  for (const f of files) {
    const facts = extract(f);
    imports += facts.imports.length;
    refs += facts.references.entries.length / 4;
  }
  return { ms: performance.now() - t0, imports, refs };
}

/** Child: load one candidate, extract the corpus `passes` times, print each pass (the first includes loading). */
async function child(name: string, count: number, passes: number): Promise<void> {
  const files = generateCorpus(count);
  const t0 = performance.now();
  const extract = await CANDIDATES[name]!();
  const load = performance.now() - t0;
  const out: Pass[] = [];
  for (let i = 0; i < passes; i++) out.push(pass(extract, files));
  process.stdout.write(JSON.stringify({ load, passes: out }));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function main(count: number, rounds: number): void {
  const files = generateCorpus(count);
  const mb = files.reduce((n, f) => n + f.bytes.length, 0) / 1e6;
  console.log(`corpus: ${files.length} files (${files.filter((f) => f.tsx).length} .tsx), ${mb.toFixed(1)} MB; ${rounds} alternating runs, each a fresh process doing 4 passes`);
  const names = Object.keys(CANDIDATES);
  const cold = new Map<string, number[]>(names.map((n) => [n, []]));
  const warm = new Map<string, number[]>(names.map((n) => [n, []]));
  const self = fileURLToPath(import.meta.url);
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      const res = JSON.parse(execFileSync(process.execPath, [self, '--child', name, String(count), '4'], { encoding: 'utf8', maxBuffer: 1 << 24 })) as { load: number; passes: Pass[] };
      cold.get(name)!.push(res.load + res.passes[0]!.ms);
      warm.get(name)!.push(median(res.passes.slice(1).map((p) => p.ms)));
      if (r === 0) console.log(`  ${name.padEnd(11)} load ${res.load.toFixed(0)} ms; per pass imports=${res.passes[0]!.imports} references=${res.passes[0]!.refs}`);
    }
  }
  for (const name of names) {
    const c = cold.get(name)!;
    const w = warm.get(name)!;
    console.log(`  ${name.padEnd(11)} cold median ${median(c).toFixed(0).padStart(6)} ms [${c.map((x) => x.toFixed(0)).join(' ')}]   warm median ${median(w).toFixed(0).padStart(6)} ms (${((median(w) * 1000) / count).toFixed(0)} µs/file) [${w.map((x) => x.toFixed(0)).join(' ')}]`);
  }
  const ratio = (m: Map<string, number[]>): string => (median(m.get('typescript')!) / median(m.get('oxc-parser')!)).toFixed(2);
  console.log(`typescript / oxc-parser time: cold ${ratio(cold)}x, warm ${ratio(warm)}x`);
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!, Number(args[2]), Number(args[3]));
else main(Number(args[0] ?? 2000), Number(args[1] ?? 5));
