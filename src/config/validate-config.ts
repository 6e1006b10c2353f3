import { symbolLanguage } from '../rules/symbol-language.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sha1Hex } from '../facts/blob-sha.js';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ConfigError } from '../model/index.js';
import { packageRoot } from './package-root.js';
import { didYouMean, nearestNames } from '../text/nearest-names.js';
import { pointerToken } from '../text/json-pointer.js';

let validator: ValidateFunction | null = null;

/**
 * The validator the build compiled (scripts/compile-schema.mjs) when it was
 * compiled from this very schema, else one compiled now (about 50 ms: every
 * one-shot check would pay it).
 */
function compiled(): ValidateFunction {
  if (validator) return validator;
  const text = readFileSync(join(packageRoot(), 'config', 'schema.json'));
  const require = createRequire(import.meta.url);
  try {
    const built = require('./schema-validator.cjs') as ValidateFunction & { schemaSha1?: string };
    if (built.schemaSha1 === sha1Hex(text)) return (validator = built);
  } catch {
    // Not built (tsc alone): compiled below.
  }
  // Ajv itself is loaded only here, for the same reason.
  const { Ajv } = require('ajv') as typeof import('ajv');
  return (validator = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(text.toString('utf8')) as object));
}

const SYMBOL_SHAPES = 'must be a dotted Python name like app.module.Name, a dotted glob like app.**.Name, or a TypeScript/JavaScript symbol like src/module#Export';

/** Every schema error at once, each named by its JSON path, in words a user can act on. */
export function validateConfig(raw: unknown): ConfigError[] {
  const validate = compiled();
  if (validate(raw)) return semanticErrors(raw as RawConfig);
  const all = validate.errors ?? [];
  // A symbol is one of two shapes: one message saying both, not one per shape it failed.
  const symbolAt = new Set(all.filter((e) => e.keyword === 'pattern' && /\/(?:dotted|dottedPattern|scriptSymbol)\//.test(e.schemaPath)).map((e) => e.instancePath));
  const errors = all
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'oneOf' && !(e.keyword === 'pattern' && symbolAt.has(e.instancePath)))
    .map((e) => (e.keyword === 'anyOf' && symbolAt.has(e.instancePath) ? { path: e.instancePath, message: SYMBOL_SHAPES } : toConfigError(e)));
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\0${e.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

/**
 * The keys the schema allows in the object at `instancePath` (`/`,
 * `/python`, `/rules/3`, `/rules/3/scope`), read from the schema only when a
 * key is wrong: the valid path pays nothing for it.
 */
function keysAt(instancePath: string): string[] {
  type Node = { properties?: Record<string, Node>; items?: Node; $ref?: string };
  const schema = JSON.parse(readFileSync(join(packageRoot(), 'config', 'schema.json'), 'utf8')) as Node & { definitions: Record<string, Node> };
  const deref = (n: Node | undefined): Node | undefined => (n?.$ref ? schema.definitions[n.$ref.replace('#/definitions/', '')] : n);
  let node: Node | undefined = schema;
  for (const part of instancePath.split('/').filter(Boolean)) node = deref(/^\d+$/.test(part) ? deref(node)?.items : deref(node)?.properties?.[part]);
  return Object.keys(deref(node)?.properties ?? {});
}

function toConfigError(e: ErrorObject): ConfigError {
  const path = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      return { path: `${e.instancePath}/${key}`, message: `unknown key "${key}"${didYouMean(nearestNames(key, keysAt(e.instancePath)).map((k) => `"${k}"`))}` };
    }
    case 'required':
      return { path: `${e.instancePath}/${String(p['missingProperty'])}`, message: 'is required' };
    case 'enum':
      return { path, message: `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p['allowedValue'])}` };
    case 'type':
      return { path, message: `must be ${String(p['type'])}` };
    case 'pattern':
      return { path, message: path.includes('/id') ? 'must be lower-case letters, digits, ".", "_" or "-"' : (e.message ?? 'is invalid') };
    case 'minItems':
      return { path, message: `must have at least ${String(p['limit'])} item(s)` };
    case 'not': {
      // Some fields belong to some kinds only (schema.json).
      const key = path.split('/').pop() ?? '';
      return { path, message: `is allowed only with ${KIND_OF_FIELD[key] ?? 'another forbid'}` };
    }
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

const KIND_OF_FIELD: Record<string, string> = {
  spellings: 'forbid "spelling"',
  aliases: 'forbid "alias"',
  definitions: 'forbid "definition"',
  uses: 'forbid "mix" or "legacy"',
  methodCalls: 'forbid "mix" or "legacy"',
};

interface RawConfig {
  python?: { roots?: string[] };
  include?: string[];
  exclude?: string[];
  rules: Array<{
    id: string; forbid?: string; canonical?: string[]; legacy?: string[]; removed?: string[]; spellings?: Record<string, string>;
    scope?: { files?: string[]; exclude?: string[]; dependentsOf?: string[] };
    uses?: string[]; transitive?: boolean; methodCalls?: { legacy?: string[]; canonical?: string[] };
  }>;
}

/** What a schema cannot say: duplicate ids, a symbol on both sides, globs that leave the repo. */
function semanticErrors(raw: RawConfig): ConfigError[] {
  const errors: ConfigError[] = [];
  const ids = new Map<string, number>();
  raw.rules.forEach((rule, i) => {
    const first = ids.get(rule.id);
    if (first !== undefined) errors.push({ path: `/rules/${i}/id`, message: `duplicate rule id "${rule.id}" (also /rules/${first}/id)` });
    else ids.set(rule.id, i);
    if (rule.forbid === 'spelling') errors.push(...spellingErrors(rule, i));
    else if (rule.forbid === 'definition') errors.push(...definitionErrors(rule, i));
    else errors.push(...symbolErrors(rule, i));
    errors.push(...patternErrors(rule, i));
    if (rule.transitive && rule.uses && !rule.uses.includes('import')) {
      errors.push({ path: `/rules/${i}/transitive`, message: 'reach through the import graph is made of imports: with "transitive", "uses" must list "import"' });
    }
    for (const key of ['files', 'exclude'] as const) {
      (rule.scope?.[key] ?? []).forEach((g, j) => {
        if (escapesRepo(g)) errors.push({ path: `/rules/${i}/scope/${key}/${j}`, message: `glob "${g}" points outside the repository; globs are relative to its root` });
      });
    }
  });
  for (const key of ['include', 'exclude'] as const) {
    (raw[key] ?? []).forEach((g, j) => {
      if (escapesRepo(g)) errors.push({ path: `/${key}/${j}`, message: `glob "${g}" points outside the repository; globs are relative to its root` });
    });
  }
  (raw.python?.roots ?? []).forEach((root, j) => {
    if (escapesRepo(root)) errors.push({ path: `/python/roots/${j}`, message: `root "${root}" points outside the repository; roots are relative to its root` });
  });
  return errors;
}

/** One language per rule, a legacy symbol (but for forbid "alias"), no symbol on two sides. */
function symbolErrors(rule: RawConfig['rules'][number], i: number): ConfigError[] {
  const errors: ConfigError[] = [];
  // A rule judges files of its symbols' language: one rule, one language.
  const legacyList = [...(rule.legacy ?? []), ...(rule.removed ?? [])];
  // forbid "alias" judges imports of either side's objects: one symbol on either side will do.
  const aliasOnly = rule.forbid === 'alias' && !legacyList.length && rule.canonical?.length;
  // A rule's legacy side may be method calls alone.
  const callsOnly = !legacyList.length && rule.methodCalls?.legacy?.length;
  if (!legacyList.length && !aliasOnly && !callsOnly) errors.push({ path: `/rules/${i}/legacy`, message: 'is required: at least one legacy symbol (or one in "removed", or in "methodCalls.legacy")' });
  const firstLegacy = aliasOnly ? `/rules/${i}/canonical/0` : callsOnly ? `/rules/${i}/methodCalls/legacy/0` : rule.legacy?.length ? `/rules/${i}/legacy/0` : `/rules/${i}/removed/0`;
  const language = symbolLanguage(legacyList[0] ?? (aliasOnly ? rule.canonical![0]! : callsOnly ? rule.methodCalls!.legacy![0]! : ''));
  const other = (key: string, list: readonly string[] | undefined): void =>
    list?.forEach((s, j) => {
      if (symbolLanguage(s) !== language) errors.push({ path: `/rules/${i}/${key}/${j}`, message: `"${s}" is a ${symbolLanguage(s) === 'script' ? 'TypeScript/JavaScript' : 'Python'} symbol but ${firstLegacy} is not: a rule names symbols of one language (use two rules)` });
    });
  other('legacy', rule.legacy);
  other('removed', rule.removed);
  other('canonical', rule.canonical);
  other('scope/dependentsOf', rule.scope?.dependentsOf);
  other('methodCalls/legacy', rule.methodCalls?.legacy);
  other('methodCalls/canonical', rule.methodCalls?.canonical);
  const legacy = new Set(rule.legacy);
  const removed = new Set(rule.removed);
  (rule.canonical ?? []).forEach((s, j) => {
    if (legacy.has(s) || removed.has(s)) errors.push({ path: `/rules/${i}/canonical/${j}`, message: `"${s}" is listed as both canonical and ${legacy.has(s) ? 'legacy' : 'removed'}` });
  });
  (rule.removed ?? []).forEach((s, j) => {
    if (legacy.has(s)) errors.push({ path: `/rules/${i}/removed/${j}`, message: `"${s}" is listed in both legacy and removed: keep it in one (removed: it was deleted on purpose)` });
  });
  return errors;
}

/** forbid "definition" names where the classes may be defined (`canonical`) and nothing else. */
function definitionErrors(rule: RawConfig['rules'][number], i: number): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const key of ['legacy', 'removed'] as const) {
    if (rule[key]) errors.push({ path: `/rules/${i}/${key}`, message: `forbid "definition" takes the modules where the classes may be defined from "canonical", and the class names from "definitions": remove "${key}"` });
  }
  const language = symbolLanguage(rule.canonical?.[0] ?? '');
  (rule.canonical ?? []).forEach((s, j) => {
    if (symbolLanguage(s) !== language) errors.push({ path: `/rules/${i}/canonical/${j}`, message: `"${s}" is not of the language of /rules/${i}/canonical/0: a rule names symbols of one language (use two rules)` });
  });
  return errors;
}

/** Globs stand for what they match among symbols only: not for a module to follow importers of, a method, or a spelling. */
function patternErrors(rule: RawConfig['rules'][number], i: number): ConfigError[] {
  const errors: ConfigError[] = [];
  const none = (key: string, list: readonly string[] | undefined, why: string): void =>
    list?.forEach((s, j) => {
      if (s.includes('*')) errors.push({ path: `/rules/${i}/${key}/${j}`, message: `"${s}" is a glob, and ${why}: spell it out` });
    });
  none('scope/dependentsOf', rule.scope?.dependentsOf, 'scope.dependentsOf names modules whose importers are followed');
  none('methodCalls/legacy', rule.methodCalls?.legacy, 'a method call is matched by the name of the method a definition names');
  none('methodCalls/canonical', rule.methodCalls?.canonical, 'a method call is matched by the name of the method a definition names');
  Object.entries(rule.spellings ?? {}).forEach(([from, to]) => {
    if (from.includes('*') || to.includes('*')) errors.push({ path: `/rules/${i}/spellings/${pointerToken(from)}`, message: `"${from}" -> "${to}": a spelling is one path, not a glob` });
  });
  return errors;
}

/**
 * forbid "spelling" names its symbols in `spellings` only (forbidden spelling
 * -> the one to write), all of one language, none forbidden and sanctioned at once.
 */
function spellingErrors(rule: RawConfig['rules'][number], i: number): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const key of ['legacy', 'canonical', 'removed'] as const) {
    if (rule[key]) errors.push({ path: `/rules/${i}/${key}`, message: `forbid "spelling" takes its symbols from "spellings" (forbidden spelling -> the spelling to write instead): remove "${key}"` });
  }
  const entries = Object.entries(rule.spellings ?? {});
  const language = symbolLanguage(entries[0]?.[0] ?? '');
  const at = (from: string): string => `/rules/${i}/spellings/${pointerToken(from)}`;
  for (const [from, to] of entries) {
    if (symbolLanguage(from) !== language || symbolLanguage(to) !== language) {
      errors.push({ path: at(from), message: `"${from}" -> "${to}" mixes Python and TypeScript/JavaScript symbols with the first spelling's: a rule names symbols of one language (use two rules)` });
    }
    if (rule.spellings![to] !== undefined) errors.push({ path: at(from), message: `"${to}" is the spelling to write instead of "${from}" but is itself forbidden (${at(to)})` });
  }
  return errors;
}

/**
 * Absolute, or with a `..` segment anywhere (`app/../../**` leaves the repo
 * too): git paths never contain `..`, so such a glob would silently match
 * nothing and the rule would pass everything.
 */
const escapesRepo = (glob: string): boolean => glob.startsWith('/') || glob.split(/[\\/]/).includes('..') || /^[A-Za-z]:[\\/]/.test(glob);
