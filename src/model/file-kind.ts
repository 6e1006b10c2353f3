/**
 * Which extractor reads a file, judged from its name alone. Scripts are
 * TypeScript and JavaScript in their module flavours; manifests are the JSON
 * files module resolution reads (compiler options, package entry points).
 */
/**
 * `dts` is a declaration file (`.d.ts`, `.d.mts`, `.d.cts`): its grammar
 * allows what a .ts file does not (`declare const x: T;`), and its imports and
 * re-exports are part of the type graph. JSX inside `.js` is common (older
 * React code): `js` is parsed with JSX allowed.
 */
export type ScriptKind = 'ts' | 'tsx' | 'js' | 'jsx' | 'dts';
export type ManifestKind = 'tsconfig' | 'package';
export type FileKind = 'python' | ScriptKind | ManifestKind;

/** The language a rule's symbols and the files it judges belong to. */
export type Language = 'python' | 'script';

const SCRIPT = /(\.d)?\.(?:([mc]?ts)|(tsx)|([mc]?js)|(jsx))$/i;
const TSCONFIG = /(?:^|\/)[jt]sconfig(?:\.[^/]*)?\.json$/;

export function fileKindOf(path: string): FileKind | null {
  if (path.endsWith('.py') || path.endsWith('.pyi')) return 'python';
  const script = SCRIPT.exec(path);
  if (script) return script[2] ? (script[1] ? 'dts' : 'ts') : script[3] ? 'tsx' : script[4] ? 'js' : 'jsx';
  if (path === 'package.json' || path.endsWith('/package.json')) return 'package';
  if (TSCONFIG.test(path)) return 'tsconfig';
  return null;
}

/** A script's extension as written, `.d` included (`.d.ts`, `.mjs`), or null when the path is not a script. */
export function scriptExtensionOf(path: string): string | null {
  return SCRIPT.exec(path)?.[0] ?? null;
}

/** Scripts resolve specifiers and name things `module#Name`; everything else is read as Python. */
export function isScriptPath(path: string): boolean {
  return SCRIPT.test(path);
}

export function languageOf(kind: FileKind | null): Language | null {
  if (kind === 'python') return 'python';
  if (kind === 'ts' || kind === 'tsx' || kind === 'js' || kind === 'jsx' || kind === 'dts') return 'script';
  return null;
}

export function isManifest(kind: FileKind | null): kind is ManifestKind {
  return kind === 'tsconfig' || kind === 'package';
}

/** The file extensions of scripts, in the order TypeScript probes them for an extensionless import. */
export const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.d.mts', '.cts', '.d.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
