import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseConfig } from '../../../src/config/load-config.js';
import { starterConfig } from '../../../src/init/starter-config.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../../../config/schema.json', import.meta.url));
type Node = { [key: string]: unknown };
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Node;

/**
 * Every field a config can hold, by JSON path: each `properties` entry,
 * reached from the root through properties, items, additionalProperties and
 * `$ref`s into the definitions. Not the `allOf`/`if`/`then` constraints: they
 * restate fields to forbid them, they are not fields.
 */
function fields(): Array<{ path: string; node: Node }> {
  const out: Array<{ path: string; node: Node }> = [];
  const seen = new Set<Node>();
  const walk = (node: Node, path: string): void => {
    if (seen.has(node)) return;
    seen.add(node);
    const ref = node['$ref'];
    if (typeof ref === 'string') walk((schema['definitions'] as Record<string, Node>)[ref.replace('#/definitions/', '')]!, path);
    for (const [name, child] of Object.entries((node['properties'] ?? {}) as Record<string, Node>)) {
      out.push({ path: `${path}/${name}`, node: child });
      walk(child, `${path}/${name}`);
    }
    for (const key of ['items', 'additionalProperties'] as const) {
      const child = node[key];
      if (child && typeof child === 'object') walk(child as Node, `${path}/*`);
    }
  };
  walk(schema, '');
  return out;
}

describe('config/schema.json documents every field', () => {
  const all = fields();

  it('walks every field, the rule and scope fields included', () => {
    const paths = all.map((f) => f.path);
    for (const p of ['/rules', '/rules/*/id', '/rules/*/scope/files', '/rules/*/methodCalls/legacy', '/python/roots', '/$schema']) assert.ok(paths.includes(p), p);
  });

  it('each field has a description and examples, so editors show hover help', () => {
    const missing = all.filter(({ node }) => typeof node['description'] !== 'string' || !(node['description'] as string).trim() || !Array.isArray(node['examples']) || (node['examples'] as unknown[]).length === 0);
    assert.deepEqual(missing.map((f) => f.path), []);
  });

  it('each example is valid for its field', () => {
    const require = createRequire(import.meta.url);
    const { Ajv } = require('ajv') as typeof import('ajv');
    const ajv = new Ajv({ strict: false });
    const wrong: string[] = [];
    for (const { path, node } of all) {
      const { examples, ...rest } = node;
      const validate = ajv.compile({ ...rest, definitions: schema['definitions'] });
      for (const e of examples as unknown[]) if (!validate(e)) wrong.push(`${path}: ${JSON.stringify(e)} ${ajv.errorsText(validate.errors)}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('the starter config init writes points $schema at the shipped schema, and is valid', () => {
    const text = starterConfig('node_modules/ssot-guard/config/schema.json');
    assert.equal((JSON.parse(text) as { $schema: string }).$schema, './node_modules/ssot-guard/config/schema.json');
    assert.ok('config' in parseConfig(text));
  });
});
