import {
  asModuleName,
  asRepoPath,
  asSymbolName,
  type BlobSha,
  type Config,
  type FactKey,
  type FileFacts,
  type RepoPath,
  type Rule,
  USE_KINDS,
} from '../../src/model/index.js';
import { extractFactsSafely } from '../../src/facts/extract-safely.js';
import { factKeyOfPath, splitFactKey } from '../../src/facts/fact-key.js';
import { symbolLanguage } from '../../src/rules/symbol-language.js';
import { buildProgram, type Program } from '../../src/session/build-program.js';
import { blobSha } from '../../src/facts/blob-sha.js';
import type { ResolutionMemo } from '../../src/resolve/resolver.js';
import { evaluateRules, type Evaluation } from '../../src/rules/evaluate.js';

export interface RuleInput {
  id?: string;
  canonical?: string[];
  legacy?: string[];
  removed?: string[];
  forbid?: Rule['forbid'];
  /** forbid "spelling": forbidden spelling -> the one to write (legacy and canonical come from it, as normalisation makes them). */
  spellings?: Record<string, string>;
  /** forbid "alias": globs an `as` name must match. */
  aliases?: string[];
  uses?: Rule['uses'];
  methodCalls?: { legacy?: string[]; canonical?: string[] };
  /** forbid "definition": class-name globs allowed only in the canonical modules. */
  definitions?: string[];
  unit?: Rule['unit'];
  transitive?: boolean;
  files?: string[] | null;
  exclude?: string[];
  dependentsOf?: string[];
  dependentsDepth?: number;
}

/** One row of a semantics table: files on top of the base, the rule, and what is expected. */
export interface SemanticsCase {
  name: string;
  files: Record<string, string>;
  rule?: RuleInput;
  typeOnly?: 'ignore' | 'include';
  /** Expected violations. */
  violations: number;
  /** The legacy evidence's hops, when given. */
  via?: string[];
  chain?: string[];
}

export const BRIDGE = 'app.bridge.Bridge';
export const MANAGER = 'app.legacy.ws.Manager';

export function makeRule(input: RuleInput = {}): Rule {
  const legacy = input.spellings ? Object.keys(input.spellings) : input.legacy ?? (input.removed ? [] : [MANAGER]);
  const canonical = input.spellings ? [...new Set(Object.values(input.spellings))] : input.canonical ?? [BRIDGE];
  return {
    id: input.id ?? 'single-path',
    language: symbolLanguage([...legacy, ...(input.removed ?? []), ...canonical, ...(input.methodCalls?.legacy ?? [])][0]!),
    message: 'Use Bridge, not Manager.',
    severity: 'error',
    scope: {
      files: input.files === undefined ? ['app/agents/**'] : input.files,
      exclude: input.exclude ?? [],
      dependentsOf: (input.dependentsOf ?? []).map(asModuleName),
      dependentsDepth: input.dependentsDepth ?? 1,
    },
    canonical: canonical.map(asSymbolName),
    legacy: legacy.map(asSymbolName),
    removed: (input.removed ?? []).map(asSymbolName),
    forbid: input.forbid ?? (input.spellings ? 'spelling' : 'mix'),
    spellings: Object.fromEntries(Object.entries(input.spellings ?? {}).map(([k, v]) => [k, asSymbolName(v)])),
    aliases: input.aliases ?? [],
    uses: input.uses ?? USE_KINDS,
    methodCalls: { legacy: (input.methodCalls?.legacy ?? []).map(asSymbolName), canonical: (input.methodCalls?.canonical ?? []).map(asSymbolName) },
    definitions: input.definitions ?? [],
    unit: input.unit ?? 'file',
    transitive: input.transitive ?? false,
  };
}

export function makeConfig(rules: Rule[], extra: Partial<Config> = {}): Config {
  return { base: '', file: 'ssot-guard.config.json', baselineFile: asRepoPath('ssot-guard.baseline.json'), pythonRoots: ['.'], include: ['**/*.py'], exclude: [], typeOnlyImports: 'ignore', rules, hash: 'test', ...extra };
}

/** The canonical and legacy modules every semantics case starts from. */
export const BASE_FILES: Record<string, string> = {
  'app/__init__.py': '',
  'app/bridge.py': 'class Bridge:\n    pass\n',
  'app/legacy/__init__.py': '',
  'app/legacy/ws.py': 'class Manager:\n    pass\n\nclass Other:\n    pass\n',
  'app/agents/__init__.py': '',
};

/**
 * The real extractors, resolver and graph over in-memory files (any language),
 * each keyed by its content's blob sha as git would (so an unchanged file keeps
 * its sha from one snapshot to the next, for a shared memo).
 */
export function programOf(files: Record<string, string>, config: Config, memo?: ResolutionMemo): Program {
  const facts = new Map<FactKey, FileFacts>();
  const shas = new Map<RepoPath, BlobSha>();
  for (const [path, text] of Object.entries(files)) {
    const sha = blobSha(Buffer.from(text));
    shas.set(asRepoPath(path), sha);
    const key = factKeyOfPath(path, sha);
    facts.set(key, extractFactsSafely(Buffer.from(text), splitFactKey(key).kind));
  }
  return buildProgram([...shas.keys()], (p) => shas.get(p), facts, config, memo);
}

/** Runs the real extractor, resolver, graph and rules over in-memory files, on top of BASE_FILES. */
export function evaluateFiles(files: Record<string, string>, rules: Rule[] = [makeRule()], extra: Partial<Config> = {}, base: Record<string, string> = BASE_FILES): Evaluation {
  const config = makeConfig(rules, extra);
  return evaluateRules(config, programOf({ ...base, ...files }, config));
}
