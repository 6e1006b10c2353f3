import { createHash } from 'node:crypto';

/** A field of the judgments file: a column kind, any v8 value or null, or a record of columns (null when `nullable`). */
export type FieldShape = 'int32' | 'bytes' | 'string' | 'number' | 'value-or-null' | { readonly fields: Shape; readonly nullable: boolean };
export type Shape = Readonly<Record<string, FieldShape>>;

const columns = (...names: string[]): FieldShape => ({ fields: Object.fromEntries(names.map((n) => [n, 'int32'])), nullable: false });

/**
 * Every field the judgments file holds (judgment-codec.ts `Written`), and how
 * the numbers in its columns are laid out. Decoding checks a body against it
 * field by field, and the file's format version is its digest
 * (`SHAPE_VERSION`): a field added, removed or retyped, or a layout changed
 * here, is a new format with nothing to bump by hand.
 */
export const WRITTEN_SHAPE = {
  text: 'bytes',
  paths: 'string',
  ends: 'int32',
  rareFiles: 'int32',
  rareEnds: 'int32',
  rareBodies: 'bytes',
  unjudged: 'int32',
  problems: 'int32',
  files: 'int32',
  edgeStart: 'int32',
  edges: 'int32',
  readStart: 'int32',
  reads: 'int32',
  flags: 'int32',
  words: 'number',
  evaluation: 'value-or-null',
  targets: 'value-or-null',
  head: 'value-or-null',
  index: { fields: { modules: 'int32', moduleOfFile: 'int32', packageFiles: 'int32', topLevels: 'int32', packageManifests: 'int32', tsconfigs: 'int32' }, nullable: true },
  sorted: 'int32',
  reverse: columns('start', 'end', 'importer', 'all', 'value'),
  readers: columns('start', 'files'),
} as const satisfies Shape;

/** The values of one edge in the `edges` column, in order. */
export const EDGE_FIELDS = ['unit', 'target', 'module', 'typeOnly', 'line', 'column'] as const;
/** The counted lists of one file's reads in the `reads` column, in order. */
export const READ_LISTS = ['files', 'names', 'modules', 'tops'] as const;
/** What a rare entry (v8-serialized per file) may hold. */
export const RARE_FIELDS = ['direct', 'suppressions', 'problems', 'unjudged'] as const;
/** The fields of a kept direct use (rules/unit-uses.ts SideUse), v8-serialized in a rare entry. */
export const SIDE_USE_FIELDS = ['side', 'use', 'symbol', 'line', 'column', 'via', 'origin', 'chain', 'written', 'fix'] as const;

/** The format version of the judgments file: a digest of everything above. */
export const SHAPE_VERSION = createHash('sha1').update(JSON.stringify({ WRITTEN_SHAPE, EDGE_FIELDS, READ_LISTS, RARE_FIELDS, SIDE_USE_FIELDS })).digest('hex').slice(0, 12);

/** Whether a value read back has every field of `shape`, each of its kind. */
export function hasShape(value: unknown, shape: Shape): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  for (const [name, kind] of Object.entries(shape)) if (!fieldHas(record[name], kind)) return false;
  return true;
}

function fieldHas(v: unknown, kind: FieldShape): boolean {
  switch (kind) {
    case 'int32':
      return v instanceof Int32Array;
    case 'bytes':
      return v instanceof Uint8Array;
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0;
    case 'value-or-null':
      return v === null || typeof v === 'object';
    default:
      return (kind.nullable && v === null) || hasShape(v, kind.fields);
  }
}
