import { sha1Hex } from '../facts/blob-sha.js';
import { USE_KINDS, asModuleName, asRepoPath, asSymbolName, type Config, type Language, type Rule, type UseKind } from '../model/index.js';
import { symbolLanguage } from '../rules/symbol-language.js';
import { BASELINE_FILE_NAME, CONFIG_FILE_NAME } from './file-names.js';

const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.venv/**', '**/venv/**', '**/__pycache__/**'];

/** Without `include`, the source files of each language the rules name. */
const DEFAULT_INCLUDE: Record<Language, string> = { python: '**/*.py', script: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' };

interface RawRule {
  id: string;
  message: string;
  severity?: 'error' | 'warning';
  scope?: { files?: string[]; exclude?: string[]; dependentsOf?: string[]; dependentsDepth?: number | 'all' };
  canonical?: string[];
  legacy?: string[];
  removed?: string[];
  forbid?: Rule['forbid'];
  spellings?: Record<string, string>;
  aliases?: string[];
  uses?: UseKind[];
  methodCalls?: { legacy?: string[]; canonical?: string[] };
  definitions?: string[];
  unit?: 'file' | 'function';
  transitive?: boolean;
}

export interface RawConfig {
  python?: { roots?: string[] };
  include?: string[];
  exclude?: string[];
  typeOnlyImports?: 'ignore' | 'include';
  rules: RawRule[];
}

/**
 * Defaults applied once, so rule evaluation never sees raw config. Input must
 * already be valid. `base` is the config file's directory, relative to the
 * repository root ('' at the root): the config's roots, globs, script module
 * paths and baseline are relative to it, and are made relative to the root
 * here, so the engine only ever sees repository paths.
 */
export function normalizeConfig(raw: RawConfig, base = ''): Config {
  const glob = (g: string): string => underBase(base, g);
  const symbol = (s: string) => asSymbolName(scriptPathUnder(base, s));
  const rules: Rule[] = raw.rules.map((r) => {
    // forbid "spelling": the forbidden spellings are its legacy symbols and the ones to write its canonical
    // symbols, so that each must name something and evidence and fingerprints name them as for any kind.
    const spellings = Object.fromEntries(Object.entries(r.spellings ?? {}).map(([from, to]) => [symbol(from), symbol(to)]));
    const legacy = r.spellings ? Object.keys(spellings).map(asSymbolName) : (r.legacy ?? []).map(symbol);
    const canonical = r.spellings ? [...new Set(Object.values(spellings))] : (r.canonical ?? []).map(symbol);
    const removed = (r.removed ?? []).map(symbol);
    const methodCalls = { legacy: (r.methodCalls?.legacy ?? []).map(symbol), canonical: (r.methodCalls?.canonical ?? []).map(symbol) };
    return {
      id: r.id,
      language: symbolLanguage([...legacy, ...removed, ...canonical, ...methodCalls.legacy, ...methodCalls.canonical][0]!),
      message: r.message,
      severity: r.severity ?? 'error',
      scope: {
        files: r.scope?.files?.map(glob) ?? null,
        exclude: (r.scope?.exclude ?? []).map(glob),
        dependentsOf: (r.scope?.dependentsOf ?? []).map((m) => asModuleName(scriptPathUnder(base, m))),
        dependentsDepth: r.scope?.dependentsDepth === 'all' ? Infinity : r.scope?.dependentsDepth ?? 1,
      },
      canonical,
      legacy,
      removed,
      forbid: r.forbid ?? 'mix',
      spellings,
      aliases: r.aliases ?? [],
      // In the one order USE_KINDS has, so that two spellings of one set hash alike.
      uses: r.uses ? USE_KINDS.filter((k) => r.uses!.includes(k)) : USE_KINDS,
      methodCalls,
      definitions: r.definitions ?? [],
      unit: r.unit ?? 'file',
      transitive: r.transitive ?? false,
    };
  });
  const body = {
    base,
    pythonRoots: (raw.python?.roots ?? ['.']).map((root) => joinPath(base, root)),
    include: (raw.include ?? defaultInclude(rules)).map(glob),
    exclude: (raw.exclude ?? DEFAULT_EXCLUDE).map(glob),
    typeOnlyImports: raw.typeOnlyImports ?? 'ignore',
    rules,
  };
  return { ...body, file: joinPath(base, CONFIG_FILE_NAME), baselineFile: asRepoPath(joinPath(base, BASELINE_FILE_NAME)), hash: sha1Hex(canonicalJson(body)) };
}

/** A path under `base` (`.` and `./x` mean base itself and base/x). */
function joinPath(base: string, path: string): string {
  const clean = path.replace(/^\.(?:\/|$)/, '').replace(/\/+$/, '');
  if (!base) return clean || '.';
  return clean ? `${base}/${clean}` : base;
}

/** A glob relative to `base`, relative to the root: `base` itself matched literally (a directory may be named `a[1]`). */
export function underBase(base: string, glob: string): string {
  const clean = glob.replace(/^\.\//, '');
  return base ? `${base.replace(/[\\*?[\]{}()!+@|]/g, (c) => `\\${c}`)}/${clean}` : clean;
}

/** A script symbol's module path (`src/x#Y`, `src/x`) under `base`; a package (`lodash#x`, `@scope/pkg#x`) and a Python name stay as they are. */
function scriptPathUnder(base: string, symbol: string): string {
  if (!base || symbolLanguage(symbol) !== 'script' || symbol.startsWith('@')) return symbol;
  const hash = symbol.indexOf('#');
  const module = hash >= 0 ? symbol.slice(0, hash) : symbol;
  return module.includes('/') ? `${joinPath(base, module)}${hash >= 0 ? symbol.slice(hash) : ''}` : symbol;
}

function defaultInclude(rules: readonly Rule[]): string[] {
  const languages = new Set(rules.map((r) => r.language));
  // A config with no rules yet still checks Python (the founding use), as it always did.
  if (!languages.size) languages.add('python');
  return (['python', 'script'] as const).filter((l) => languages.has(l)).map((l) => DEFAULT_INCLUDE[l]);
}

/** JSON with sorted keys (Infinity spelled out), so the hash ignores key order. */
export function canonicalJson(value: unknown): string {
  if (value === Infinity) return '"Infinity"';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
