import type { Rng } from './prng.js';
import { relativeSpecifier, type Extra } from './ts-emit.js';
import type { ModuleKind, TsImport, TsModule, TsRepoPlan } from './ts-repo-plan.js';

/**
 * The files the benchmark's verdict is checked against: K uses of the legacy
 * client under src/features/ (each a violation), written every way a codebase
 * reaches a class, and decoys that mention it without being a violation.
 * Each is an extra file, so the N planned modules stay as they are.
 */

export const LEGACY_MODULE = 'src/legacy/client';
export const LEGACY_SYMBOL = `${LEGACY_MODULE}#LegacyClient`;
export const CANONICAL_SYMBOL = 'src/core/client#Client';

/** How a planted file reaches LegacyClient. The barrel ones are edges to a barrel, not to src/legacy/client. */
export type Flavor =
  | 'relative' | 'relative-js-extension' | 'alias' | 'namespace' | 'tsx-jsx' | 'commonjs-require'
  | 'legacy-barrel' | 'shared-barrel-renamed';

/** Not violations: a type-only import, a file out of scope, a mention in a comment or string, other names from the same barrels. */
export type DecoyKind = 'type-only' | 'out-of-scope' | 'comment-string' | 'legacy-barrel-other-name' | 'shared-barrel-canonical';

export interface Planting {
  readonly module: TsModule;
  readonly extra: Extra;
  /** null for a decoy. */
  readonly flavor: Flavor | null;
  readonly decoy: DecoyKind | null;
}

const PLANTED: ReadonlyArray<[Flavor, number]> = [
  ['relative', 4], ['relative-js-extension', 2], ['alias', 4], ['namespace', 3], ['tsx-jsx', 3], ['commonjs-require', 3], ['legacy-barrel', 4], ['shared-barrel-renamed', 3],
];
const DECOYS: readonly DecoyKind[] = ['type-only', 'out-of-scope', 'comment-string', 'legacy-barrel-other-name', 'shared-barrel-canonical'];

export const PLANTED_COUNT = PLANTED.reduce((n, [, k]) => n + k, 0);

export function planPlantings(plan: TsRepoPlan, rng: Rng): Planting[] {
  const out: Planting[] = [];
  let next = plan.modules.length;
  const make = (area: 'feature' | 'lib', kind: ModuleKind, label: string): TsModule => {
    const index = next++;
    const group = area === 'feature' ? rng.pick(plan.features) : rng.pick(plan.libs);
    const dir = area === 'feature' ? `src/features/${group}/${kind === 'tsx' ? 'components' : 'services'}` : `src/lib/${group}`;
    const ext = kind === 'tsx' ? 'tsx' : kind === 'cjs' ? 'js' : 'ts';
    const value = `Sync${label.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}${index}`;
    // A few ordinary imports of neighbours, so a planted file looks like its siblings.
    const siblings = plan.modules.filter((m) => m.area === area && m.group === group && m.kind !== 'cjs');
    const imports: TsImport[] = kind === 'cjs' ? [] : [...new Set(Array.from({ length: 2 }, () => rng.pick(siblings).index))]
      .map((target) => ({ target, style: 'relative', typeOnly: false, dynamic: false }));
    return { index, path: `${dir}/sync-${label}-${index}.${ext}`, area, group, kind, value, type: `${value}Props`, imports };
  };
  for (const [flavor, k] of PLANTED) {
    for (let i = 0; i < k; i++) {
      const kind: ModuleKind = flavor === 'tsx-jsx' ? 'tsx' : flavor === 'commonjs-require' ? 'cjs' : 'ts';
      const module = make('feature', kind, flavor);
      out.push({ module, extra: plantedExtra(flavor, module), flavor, decoy: null });
    }
  }
  for (const decoy of DECOYS) {
    for (let i = 0; i < 2; i++) {
      const module = make(decoy === 'out-of-scope' ? 'lib' : 'feature', 'ts', decoy);
      out.push({ module, extra: decoyExtra(decoy, module), flavor: null, decoy });
    }
  }
  return out;
}

function plantedExtra(flavor: Flavor, m: TsModule): Extra {
  const rel = relativeSpecifier(m.path, `${LEGACY_MODULE}.ts`);
  switch (flavor) {
    case 'relative': return { imports: [`import { LegacyClient } from '${rel}';`], use: 'new LegacyClient()' };
    case 'relative-js-extension': return { imports: [`import { LegacyClient } from '${rel}.js';`], use: 'new LegacyClient()' };
    case 'alias': return { imports: ["import { LegacyClient } from '@app/legacy/client';"], use: 'new LegacyClient()' };
    case 'namespace': return { imports: ["import * as legacyApi from '@app/legacy/client';"], use: 'new legacyApi.LegacyClient()' };
    case 'tsx-jsx': return { imports: ["import { LegacyClient } from '@app/legacy/client';"], use: '<LegacyClient id="jsx" />' };
    case 'commonjs-require': return { imports: [`const { LegacyClient } = require('${rel}');`], use: 'new LegacyClient()' };
    case 'legacy-barrel': return { imports: ["import { LegacyClient } from '@app/legacy';"], use: 'new LegacyClient()' };
    case 'shared-barrel-renamed': return { imports: ["import { OldClient } from '@app/shared';"], use: 'new OldClient()' };
  }
}

function decoyExtra(decoy: DecoyKind, m: TsModule): Extra {
  switch (decoy) {
    case 'type-only': return { imports: ["import type { LegacyClient } from '@app/legacy/client';"], use: '(null as unknown as LegacyClient | null)' };
    case 'out-of-scope': return { imports: [`import { LegacyClient } from '${relativeSpecifier(m.path, `${LEGACY_MODULE}.ts`)}';`], use: 'new LegacyClient()' };
    case 'comment-string':
      return { imports: ["// import { LegacyClient } from '@app/legacy/client';"], use: `"import { LegacyClient } from '@app/legacy/client'"` };
    case 'legacy-barrel-other-name': return { imports: ["import { retryPolicy } from '@app/legacy';"], use: 'retryPolicy(3)' };
    case 'shared-barrel-canonical': return { imports: ["import { Client } from '@app/shared';"], use: 'new Client()' };
  }
}

/** The hand-written modules the plantings point at. */
export function fixedFiles(): Record<string, string> {
  return {
    'src/core/client.ts': 'export interface ClientOptions {\n  readonly baseUrl: string;\n}\n\nexport class Client {\n  constructor(readonly options: ClientOptions = { baseUrl: \'/\' }) {}\n  get(path: string): Promise<unknown> {\n    return fetch(this.options.baseUrl + path);\n  }\n}\n',
    'src/legacy/client.ts': '/** The old HTTP client: new code goes through src/core/client. */\nexport class LegacyClient {\n  request(path: string): string {\n    return path;\n  }\n}\n',
    'src/legacy/retry.ts': 'export function retryPolicy(times: number): number[] {\n  return Array.from({ length: times }, (_, i) => 2 ** i);\n}\n',
    'src/legacy/index.ts': "export * from './client';\nexport * from './retry';\n",
    'src/shared/index.ts': "export { Client, type ClientOptions } from '../core/client';\n// Kept for old call sites during the migration.\nexport { LegacyClient as OldClient } from '../legacy/client';\n",
  };
}
