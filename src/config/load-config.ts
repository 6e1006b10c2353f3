import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Config, ConfigError } from '../model/index.js';
import { normalizeConfig, type RawConfig } from './normalize-config.js';
import { validateConfig } from './validate-config.js';

export type LoadedConfig = { config: Config } | { errors: ConfigError[] };

/** `base`: the file's directory relative to the repository root, which its paths are relative to. */
export async function loadConfig(file: string, base = ''): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { errors: [{ path: '/', message: `cannot read ${file}: ${(err as Error).message}` }] };
  }
  return parseConfig(text, base);
}

/** Parse, validate against config/schema.json, normalise. Config is data only: nothing in it is executed. */
export function parseConfig(text: string, base = ''): LoadedConfig {
  const syntax: ParseError[] = [];
  // jsonc-parser reports offsets (JSON.parse on Node 20 does not); comments and trailing commas stay errors.
  const raw: unknown = parseJsonc(text.replace(/^\uFEFF/, ''), syntax, { allowTrailingComma: false, disallowComments: true });
  if (syntax.length) {
    return {
      errors: syntax.map((e) => ({ path: '/', message: `not valid JSON: ${describe(e)}`, ...positionOf(text, e.offset) })),
    };
  }
  const data = plainKeys(text, raw);
  const errors = validateConfig(data);
  return errors.length ? { errors } : { config: normalizeConfig(data as RawConfig, base) };
}

/**
 * jsonc-parser builds objects by assignment, so a `"__proto__"` key sets the
 * object's prototype and its contents pass as inherited keys. JSON.parse
 * makes it an own key like any other, which validation then names. The text
 * already parsed as strict JSON above; the fallback only guards a
 * disagreement between the two parsers.
 */
function plainKeys(text: string, parsed: unknown): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return parsed;
  }
}

function describe(e: ParseError): string {
  const words = printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
