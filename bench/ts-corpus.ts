/** A seeded corpus of realistic TS/TSX modules for bench/ts-parser-choice.ts. */
import { createRng, type Rng } from './prng.js';

export interface SourceFile { readonly path: string; readonly bytes: Uint8Array; readonly tsx: boolean }

export function generateCorpus(count: number, seed = 6): SourceFile[] {
  const rng = createRng(seed);
  const files: SourceFile[] = [];
  for (let i = 0; i < count; i++) {
    const tsx = i % 4 === 0;
    files.push({ path: `src/area${i % 40}/mod${i}.${tsx ? 'tsx' : 'ts'}`, bytes: Buffer.from(moduleText(rng.fork(`m${i}`), i, count, tsx)), tsx });
  }
  return files;
}

function moduleText(rng: Rng, i: number, count: number, tsx: boolean): string {
  const out: string[] = [];
  const imported: string[] = [];
  const nImports = rng.int(3, 12);
  for (let k = 0; k < nImports; k++) {
    const j = rng.int(0, count - 1);
    const spec = rng.chance(0.3) ? `@app/area${j % 40}/mod${j}` : rng.chance(0.2) ? rng.pick(['react', 'lodash', 'zod', 'rxjs', 'node:fs']) : `../area${j % 40}/mod${j}`;
    const a = `Svc${j}_${k}`;
    const b = `make${j}_${k}`;
    const form = rng.int(0, 5);
    if (form === 0) out.push(`import ${a}, { ${b} } from '${spec}';`), imported.push(a, b);
    else if (form === 1) out.push(`import * as ns${k} from '${spec}';`), imported.push(`ns${k}.${a}`);
    else if (form === 2) out.push(`import type { ${a} } from '${spec}';`), imported.push(a);
    else if (form === 3) out.push(`export { ${a} as Re${a} } from '${spec}';`);
    else if (form === 4) out.push(`const { ${b} } = require('${spec}');`), imported.push(b);
    else out.push(`import { ${a}, ${b} as ${b}Alias } from '${spec}';`), imported.push(a, `${b}Alias`);
  }
  const use = (): string => (imported.length ? rng.pick(imported) : 'Math');
  out.push('', `export interface Options${i} {`, `  readonly name: string;`, `  readonly retries?: number;`, `  readonly handler: (e: Event) => void;`, `}`, '');
  out.push(`export type Mode${i} = 'a' | 'b' | { kind: 'c'; value: number };`, '');
  const nFns = rng.int(2, 8);
  for (let f = 0; f < nFns; f++) {
    out.push(`/** Does step ${f}. */`, `export function step${f}(input: Options${i}, count = 0): number {`);
    for (let s = rng.int(2, 10); s > 0; s--) {
      out.push(rng.pick([
        `  const v${s} = ${use()}.create(input.name, count + ${s});`,
        `  if (count > ${s}) { return ${use()}(count) ?? ${s}; }`,
        `  for (const x of [1, 2, 3]) count += x * ${s};`,
        `  const m${s} = new Map<string, number>([["k", ${s}]]);`,
        `  input.handler(new Event('e${s}'));`,
        `  void Promise.resolve(${use()});`,
      ]));
    }
    out.push('  return count;', '}', '');
  }
  out.push(`export class Service${i} {`, `  private readonly cache = new Map<string, number>();`, `  private client = ${use()};`, `  constructor(private readonly opts: Options${i}) {}`);
  for (let m = rng.int(2, 6); m > 0; m--) {
    out.push(`  async method${m}(id: string): Promise<number> {`, `    const r = await ${use()}.fetch(id, this.opts.retries ?? ${m});`, `    this.cache.set(id, r);`, `    return r + ${m}; // ssot-guard: allow rule-${m} -- bench`, `  }`);
  }
  out.push(`  get size(): number { return this.cache.size; }`, `}`, '');
  out.push(`export const handler${i} = async (x: number) => { const lazy = await import('../area${i % 40}/lazy${i}'); return lazy.run(x, ${use()}); };`, '');
  if (tsx) {
    out.push(`export default function View${i}({ items }: { items: string[] }) {`, `  return (`, `    <div className="view">`);
    for (let e = rng.int(2, 8); e > 0; e--) out.push(`      <Row key="${e}" onClick={() => ${use()}(${e})}>{items[${e}]}</Row>`);
    out.push(`    </div>`, `  );`, `}`, `const Row = (p: { children?: unknown; onClick: () => void }) => <span onClick={p.onClick}>{String(p.children)}</span>;`);
  } else {
    out.push(`export default Service${i};`);
  }
  return out.join('\n') + '\n';
}

