import { createRequire } from 'node:module';
import type * as Oxc from 'oxc-parser';
import type { Comment, OxcError, Program } from 'oxc-parser';
import type { ScriptKind } from './script-kind.js';

export interface ParsedScript {
  /** The text the program was parsed from: the source, or a copy with unparsable lines blanked. */
  readonly program: Program;
  readonly comments: readonly Comment[];
  /** The first error of the original text, if any: what the user must fix. */
  readonly firstError: { readonly offset: number; readonly message: string } | null;
}

/*
 * Why oxc-parser (bench/ts-parser-choice.ts, 2,000 generated TS/TSX files, full
 * extraction, Node 20, a 2-core machine at load 10-14): a fresh process doing
 * one pass, parser load included, is 1.13-1.17x faster than on the TypeScript
 * compiler API (oxc loads in ~40 ms, `typescript` in 0.6-2 s); but once warm,
 * the TypeScript API is 2.1-2.4x faster (warm, under that load: oxc 3.4-4.2
 * ms/file, TS 1.4-2.0 ms/file). On Node 20 oxc hands the AST over as JSON ~19x
 * the source size, and JSON.parse is most of its cost; its raw-transfer mode,
 * which skips that, needs Node 22. Kept for: a fast cold start, a module record
 * built by the parser, ESTree. To revisit if cold full indexes of large TS
 * repositories dominate, or once Node 22 is the floor.
 */

/** Blank-and-retry rounds on a file with errors; each round removes the lines one error points at. */
const RECOVERY_ROUNDS = 4;

/**
 * oxc does not recover from most syntax errors: a bad file gives an empty
 * program. To still read the imports of a half-edited file, the lines an error
 * points at are replaced by spaces (offsets unchanged) and the file is parsed
 * again, a few times at most.
 */
let oxc: typeof Oxc | null = null;

/**
 * Loaded on the first parse, not with this module: a bundle hoists an
 * external import to its top, and every command would then load the native
 * parser (about 20 ms), though most never parse a script.
 */
function parseSync(...args: Parameters<typeof Oxc.parseSync>): ReturnType<typeof Oxc.parseSync> {
  oxc ??= createRequire(import.meta.url)('oxc-parser') as typeof Oxc;
  return oxc.parseSync(...args);
}

export function parseScript(text: string, kind: ScriptKind): ParsedScript {
  const lang = kind === 'js' ? 'jsx' : kind;
  let source = text;
  const options = { lang, sourceType: kind === 'js' || kind === 'jsx' ? 'unambiguous' : 'module', preserveParens: false } as const;
  let result = parseSync(`input.${lang}`, source, options);
  const first = result.errors[0];
  const firstError = first ? { offset: errorOffset(first, text), message: first.message } : null;
  for (let round = 0; round < RECOVERY_ROUNDS && result.errors.length > 0; round++) {
    const blanked = blankErrorLines(source, result.errors[0]!);
    if (blanked === source) break;
    source = blanked;
    result = parseSync(`input.${lang}`, source, options);
  }
  return { program: result.program, comments: result.comments, firstError };
}

function errorOffset(error: OxcError, text: string): number {
  const label = error.labels[0];
  return Math.min(label ? label.start : 0, text.length);
}

function blankErrorLines(text: string, error: OxcError): string {
  let out = text;
  for (const label of error.labels) {
    const from = out.lastIndexOf('\n', Math.max(0, Math.min(label.start, out.length) - 1)) + 1;
    let to = out.indexOf('\n', Math.min(label.end, out.length));
    if (to < 0) to = out.length;
    out = out.slice(0, from) + out.slice(from, to).replace(/[^\r\n]/g, ' ') + out.slice(to);
  }
  return out;
}
