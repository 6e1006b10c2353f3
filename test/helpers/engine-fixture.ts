import {
  asBlobSha,
  asModuleName,
  asRepoPath,
  asSymbolName,
  type BlobSha,
  type Config,
  type FileFacts,
  type RepoPath,
  type Rule,
} from '../../src/model/index.js';
import { extractPythonFacts } from '../../src/parse/python/extract-facts.js';
import { buildProgram } from '../../src/session/build-program.js';
import { evaluateRules, type Evaluation } from '../../src/rules/evaluate.js';

export interface RuleInput {
  id?: string;
  canonical?: string[];
  legacy?: string[];
  forbid?: Rule['forbid'];
  unit?: Rule['unit'];
  transitive?: boolean;
  files?: string[] | null;
  exclude?: string[];
  dependentsOf?: string[];
  dependentsDepth?: number;
}

export const BRIDGE = 'app.bridge.Bridge';
export const MANAGER = 'app.legacy.ws.Manager';

export function makeRule(input: RuleInput = {}): Rule {
  return {
    id: input.id ?? 'single-path',
    message: 'Use Bridge, not Manager.',
    severity: 'error',
    scope: {
      files: input.files === undefined ? ['app/agents/**'] : input.files,
      exclude: input.exclude ?? [],
      dependentsOf: (input.dependentsOf ?? []).map(asModuleName),
      dependentsDepth: input.dependentsDepth ?? 1,
    },
    canonical: (input.canonical ?? [BRIDGE]).map(asSymbolName),
    legacy: (input.legacy ?? [MANAGER]).map(asSymbolName),
    forbid: input.forbid ?? 'mix',
    unit: input.unit ?? 'file',
    transitive: input.transitive ?? false,
  };
}

export function makeConfig(rules: Rule[], extra: Partial<Config> = {}): Config {
  return { pythonRoots: ['.'], include: ['**/*.py'], exclude: [], typeOnlyImports: 'ignore', rules, hash: 'test', ...extra };
}

/** The canonical and legacy modules every semantics case starts from. */
export const BASE_FILES: Record<string, string> = {
  'app/__init__.py': '',
  'app/bridge.py': 'class Bridge:\n    pass\n',
  'app/legacy/__init__.py': '',
  'app/legacy/ws.py': 'class Manager:\n    pass\n\nclass Other:\n    pass\n',
  'app/agents/__init__.py': '',
};

/** Runs the real extractor, resolver, graph and rules over in-memory files; the sha is the path itself. */
export function evaluateFiles(files: Record<string, string>, rules: Rule[] = [makeRule()], extra: Partial<Config> = {}): Evaluation {
  const all = { ...BASE_FILES, ...files };
  const facts = new Map<BlobSha, FileFacts>();
  const paths: RepoPath[] = [];
  for (const [path, text] of Object.entries(all)) {
    paths.push(asRepoPath(path));
    facts.set(asBlobSha(path), extractPythonFacts(Buffer.from(text)));
  }
  const program = buildProgram(paths, (p) => asBlobSha(p), facts, makeConfig(rules, extra));
  return evaluateRules(makeConfig(rules, extra), program);
}
