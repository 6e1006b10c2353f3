import { parseArgs } from 'node:util';
import { DEFAULT_PARAMS } from './generate-repo.js';
import type { GeneratorParams } from './repo-plan.js';

export interface BenchArgs {
  readonly params: GeneratorParams;
  readonly json: boolean;
  /** Samples per repeated figure (b, c), each interleaved with its reference. */
  readonly runs: number;
  /** Toggles for the save -> verdict figure (d). */
  readonly samples: number;
}

export const USAGE = `usage: node dist-bench/bench/run.js [--quick | --modules N] [--size-mb MB] [--runs N] [--samples N] [--json]
  --quick      1,000 modules, 18 MB (smoke run)
  --modules N  modules under app/ (default 10,000); size scales with it unless --size-mb
  --runs N     samples of each repeated figure, interleaved with the reference (default 10)
  --samples N  save -> verdict toggles (default 20)
  --json       machine-readable output on stdout`;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      modules: { type: 'string' },
      'size-mb': { type: 'string' },
      runs: { type: 'string' },
      samples: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const count = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
    return n;
  };
  const modules = values.quick ? 1000 : count('modules', values.modules, DEFAULT_PARAMS.modules);
  // 18 KB a module on average, as in the default 10,000 / 180 MB.
  const perModule = DEFAULT_PARAMS.targetBytes / DEFAULT_PARAMS.modules;
  const sizeMb = values['size-mb'] === undefined ? null : Number(values['size-mb']);
  if (sizeMb !== null && !(sizeMb > 0)) throw new Error(`--size-mb must be a positive number, got "${values['size-mb']}"`);
  return {
    params: { ...DEFAULT_PARAMS, modules, targetBytes: sizeMb === null ? Math.round(modules * perModule) : Math.round(sizeMb * 1024 * 1024) },
    json: Boolean(values.json),
    runs: count('runs', values.runs, 10),
    samples: count('samples', values.samples, 20),
  };
}
