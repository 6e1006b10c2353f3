import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { NO_REFERENCES, type FileFacts, type Manifest, type ManifestKind } from '../../model/index.js';
import { decodeText } from '../decode-text.js';
import { lineIndex } from '../line-index.js';

/**
 * What resolution needs from a tsconfig.json / jsconfig.json or a
 * package.json. tsconfig is JSON with comments and trailing commas, as tsc
 * reads it; package.json is read the same (lenient) way, since a file npm
 * refuses is not ours to judge. A file that does not parse still yields
 * whatever was readable, with a syntax warning at the first error.
 */
export function extractManifestFacts(bytes: Uint8Array, kind: ManifestKind): FileFacts {
  const { text, warnings } = decodeText(bytes);
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const { line, column } = lineIndex(text)(first.offset);
    warnings.push({ code: 'syntax', line, column, message: `${kind === 'package' ? 'package.json' : 'tsconfig'} is not valid JSON (${printParseErrorCode(first.error)}): module resolution ignores what could not be read` });
  }
  const object = isObject(json) ? json : {};
  return {
    imports: [],
    aliases: [],
    definitions: [],
    rebound: [],
    dunderAll: null,
    references: NO_REFERENCES,
    methodCalls: NO_REFERENCES,
    classes: [],
    suppressions: [],
    warnings,
    manifest: kind === 'package' ? packageManifest(object) : tsconfigManifest(object),
  };
}

function tsconfigManifest(json: Record<string, unknown>): Manifest {
  const options = isObject(json['compilerOptions']) ? json['compilerOptions'] : {};
  const ext = json['extends'];
  const paths = isObject(options['paths']) ? options['paths'] : null;
  return {
    kind: 'tsconfig',
    extends: typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((e): e is string => typeof e === 'string') : [],
    baseUrl: typeof options['baseUrl'] === 'string' ? options['baseUrl'] : null,
    paths: paths
      ? Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []]))
      : null,
  };
}

function packageManifest(json: Record<string, unknown>): Manifest {
  const str = (k: string): string | null => (typeof json[k] === 'string' ? (json[k] as string) : null);
  return { kind: 'package', name: str('name'), main: str('main'), module: str('module'), types: str('types') ?? str('typings'), exports: json['exports'] ?? null, imports: json['imports'] ?? null };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
