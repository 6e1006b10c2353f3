import { sha1Hex } from '../facts/blob-sha.js';
import { asModuleName, asSymbolName, type Config, type Language, type Rule } from '../model/index.js';
import { symbolLanguage } from '../rules/symbol-language.js';

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
  forbid?: 'mix' | 'legacy';
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

/** Defaults applied once, so rule evaluation never sees raw config. Input must already be valid. */
export function normalizeConfig(raw: RawConfig): Config {
  const rules: Rule[] = raw.rules.map((r) => ({
    id: r.id,
    language: symbolLanguage([...(r.legacy ?? []), ...(r.removed ?? [])][0]!),
    message: r.message,
    severity: r.severity ?? 'error',
    scope: {
      files: r.scope?.files ?? null,
      exclude: r.scope?.exclude ?? [],
      dependentsOf: (r.scope?.dependentsOf ?? []).map(asModuleName),
      dependentsDepth: r.scope?.dependentsDepth === 'all' ? Infinity : r.scope?.dependentsDepth ?? 1,
    },
    canonical: (r.canonical ?? []).map(asSymbolName),
    legacy: (r.legacy ?? []).map(asSymbolName),
    removed: (r.removed ?? []).map(asSymbolName),
    forbid: r.forbid ?? 'mix',
    unit: r.unit ?? 'file',
    transitive: r.transitive ?? false,
  }));
  const body = {
    pythonRoots: raw.python?.roots ?? ['.'],
    include: raw.include ?? defaultInclude(rules),
    exclude: raw.exclude ?? DEFAULT_EXCLUDE,
    typeOnlyImports: raw.typeOnlyImports ?? 'ignore',
    rules,
  };
  return { ...body, hash: sha1Hex(canonicalJson(body)) };
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
