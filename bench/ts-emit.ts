import { posix } from 'node:path';
import type { Rng } from './prng.js';
import type { TsImport, TsModule, TsRepoPlan } from './ts-repo-plan.js';

/** Text of the synthetic TS repo's files. Pure: the same plan and stream give the same bytes. */

const stripExt = (p: string): string => p.replace(/\.\w+$/, '');

export function relativeSpecifier(from: string, to: string): string {
  const rel = posix.relative(posix.dirname(from), stripExt(to));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The specifier an import is written with, by its style. */
export function specifierOf(from: TsModule, imp: TsImport, plan: TsRepoPlan): string {
  const t = plan.modules[imp.target]!;
  switch (imp.style) {
    case 'relative': return relativeSpecifier(from.path, t.path);
    case 'relative-js': return `${relativeSpecifier(from.path, t.path)}.js`;
    case 'alias': return `@app/${stripExt(t.path).slice('src/'.length)}`;
    case 'feature-barrel': return `@app/features/${t.group}`;
    case 'package': return `@acme/${t.group}`;
  }
}

/** Extra lines a planting adds to a module: imports at the top, a use inside a method body. */
export interface Extra {
  readonly imports: readonly string[];
  readonly use: string;
}

export function emitModule(m: TsModule, plan: TsRepoPlan, rng: Rng, extra?: Extra): string {
  if (m.kind === 'cjs') return emitCommonJs(m, plan, rng, extra);
  const lines: string[] = [];
  const values: string[] = [];
  for (const imp of m.imports) {
    const t = plan.modules[imp.target]!;
    const spec = specifierOf(m, imp, plan);
    if (imp.dynamic) values.push(`import('${spec}')`);
    else if (imp.typeOnly) lines.push(`import type { ${t.type} } from '${spec}';`);
    else {
      lines.push(`import { ${t.value} } from '${spec}';`);
      // A component is rendered as JSX from a .tsx file and called from a .ts one.
      values.push(t.kind !== 'tsx' ? `new ${t.value}()` : m.kind === 'tsx' ? `<${t.value} id="${m.index}" />` : `${t.value}({ id: '${m.index}' })`);
    }
  }
  if (extra) lines.push(...extra.imports);
  lines.push('');
  const typeImports = m.imports.filter((i) => i.typeOnly).map((i) => plan.modules[i.target]!.type);
  lines.push(`/** ${m.value}: generated for the ssot-guard TS benchmark. */`);
  lines.push(`export interface ${m.type} {`, '  readonly id: string;', '  readonly title?: string;');
  for (const [i, t] of typeImports.entries()) lines.push(`  readonly dep${i}?: ${t};`);
  for (let i = 0; i < rng.int(1, 5); i++) lines.push(`  readonly field${i}: ${rng.pick(['number', 'string', 'boolean', 'readonly string[]'])};`);
  lines.push('}', '');
  const bodies = spreadUses(values, extra?.use, rng.int(3, 8), rng);
  if (m.kind === 'tsx') emitComponent(m, bodies, lines, rng);
  else emitClass(m, bodies, lines, rng);
  lines.push('', `export function create${m.value}(): ${m.kind === 'tsx' ? 'unknown' : m.value} {`);
  lines.push(m.kind === 'tsx' ? `  return ${m.value}({ id: '${m.index}' });` : `  return new ${m.value}();`, '}', '');
  return lines.join('\n');
}

/** Each method gets some of the imported values, so references are spread over functions, not all in one. */
function spreadUses(values: readonly string[], planted: string | undefined, methods: number, rng: Rng): string[][] {
  const bodies: string[][] = Array.from({ length: methods }, () => []);
  for (const v of values) bodies[rng.int(0, methods - 1)]!.push(v);
  if (planted) bodies[rng.int(0, methods - 1)]!.push(planted);
  return bodies;
}

function emitClass(m: TsModule, bodies: string[][], lines: string[], rng: Rng): void {
  lines.push(`export class ${m.value} {`, `  private readonly cache = new Map<string, ${m.type}>();`, '');
  for (const [i, uses] of bodies.entries()) {
    const name = `${rng.pick(['load', 'save', 'sync', 'find', 'apply', 'compute', 'resolve', 'render'])}${i}`;
    lines.push(`  ${name}(input: ${m.type}): unknown[] {`, '    const out: unknown[] = [];');
    for (const u of uses) lines.push(`    out.push(${u});`);
    for (let k = 0; k < rng.int(2, 8); k++) {
      lines.push(`    if (input.id.length > ${k}) out.push(this.cache.get(input.id + '${k}') ?? ${rng.int(0, 999)});`);
    }
    lines.push('    this.cache.set(input.id, input);', '    return out;', '  }', '');
  }
  lines.push('}');
}

function emitComponent(m: TsModule, bodies: string[][], lines: string[], rng: Rng): void {
  for (const [i, uses] of bodies.entries()) {
    const name = i === 0 ? m.value : `${m.value}Part${i}`;
    lines.push(`${i === 0 ? 'export ' : ''}function ${name}(props: ${m.type}) {`);
    const exprs = uses.filter((u) => !u.startsWith('<'));
    for (const [k, e] of exprs.entries()) lines.push(`  const v${k} = ${e};`);
    lines.push('  return (', `    <section className="${m.group}-${i}" data-id={props.id}>`);
    for (const u of uses.filter((x) => x.startsWith('<'))) lines.push(`      ${u}`);
    for (let k = 0; k < rng.int(1, 4); k++) lines.push(`      <span>{props.title ?? '${rng.int(0, 999)}'}</span>`);
    if (exprs.length) lines.push(`      <pre>{String([${exprs.map((_, k) => `v${k}`).join(', ')}].length)}</pre>`);
    lines.push('    </section>', '  );', '}', '');
  }
}

function emitCommonJs(m: TsModule, plan: TsRepoPlan, rng: Rng, extra?: Extra): string {
  const lines = ["'use strict';"];
  const values: string[] = [];
  for (const imp of m.imports) {
    const t = plan.modules[imp.target]!;
    lines.push(`const { ${t.value} } = require('${specifierOf(m, imp, plan)}');`);
    values.push(`new ${t.value}()`);
  }
  if (extra) lines.push(...extra.imports);
  lines.push('', `class ${m.value} {`);
  for (const [i, uses] of spreadUses(values, extra?.use, rng.int(2, 5), rng).entries()) {
    lines.push(`  run${i}(id) {`, `    return [${uses.join(', ')}${uses.length ? ', ' : ''}id];`, '  }');
  }
  lines.push('}', '', `module.exports = { ${m.value} };`, '');
  return lines.join('\n');
}

/** A feature's index.ts: `export *` from some modules, `export { X } from` for others (never CommonJS ones). */
export function emitFeatureBarrel(feature: string, plan: TsRepoPlan, rng: Rng): string {
  const dir = `src/features/${feature}/index.ts`;
  const lines: string[] = [];
  for (const m of plan.modules) {
    if (m.area !== 'feature' || m.group !== feature || m.kind === 'cjs') continue;
    const spec = relativeSpecifier(dir, m.path);
    lines.push(rng.chance(0.5) ? `export * from '${spec}';` : `export { ${m.value}, type ${m.type} } from '${spec}';`);
  }
  return `${lines.join('\n')}\n`;
}

/** A workspace package's entry point: everything, by `export *`. */
export function emitPackageIndex(pkg: string, plan: TsRepoPlan): string {
  const dir = `packages/${pkg}/src/index.ts`;
  return plan.modules
    .filter((m) => m.area === 'package' && m.group === pkg && m.kind !== 'cjs')
    .map((m) => `export * from '${relativeSpecifier(dir, m.path)}';\n`)
    .join('');
}
