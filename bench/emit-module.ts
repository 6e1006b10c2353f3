import type { Rng } from './prng.js';
import { Binder, chooseImports, type ChosenImport, type ImportContext } from './module-imports.js';
import { LEGACY_MENTIONS, PyWriter, capitalise, emitClass, emitFunction, type BoundName } from './python-writer.js';
import { NOUNS, VERBS } from './names.js';
import type { ModulePlan } from './repo-plan.js';
import { plantFor } from './role-plantings.js';

export const STDLIB_HEADER = [
  'from __future__ import annotations',
  '',
  'import asyncio',
  'import functools',
  'import importlib',
  'import json',
  'import logging',
  'import os',
  'import time',
  'from dataclasses import dataclass, field',
  'from typing import TYPE_CHECKING, Any',
  '',
];

const STDLIB_NAMES = ['annotations', 'asyncio', 'functools', 'importlib', 'json', 'logging', 'os', 'time', 'dataclass', 'field', 'TYPE_CHECKING', 'Any', 'logger', '__all__'];

/** Work a function can be handed: names to use, lazy imports, importlib loads. */
interface FunctionWork {
  refs: BoundName[];
  localImports: string[];
  prelude: string[];
}

/** The text of one ordinary module (regular, factory, hub or violation), grown to its target size. */
export function emitModule(m: ModulePlan, ctx: ImportContext, rng: Rng): string {
  const w = new PyWriter();
  const binder = new Binder([...m.classes, ...m.functions, ...m.constants, ...STDLIB_NAMES]);
  const planted = plantFor(m, ctx.plan, binder, rng);
  const chosen = chooseImports(m, ctx, binder, rng);
  const all: ChosenImport[] = [...planted.imports, ...chosen.imports];
  const title = m.dotted.slice(m.dotted.lastIndexOf('.') + 1).replaceAll('_', ' ');

  w.line(`"""${capitalise(title)}.`);
  w.line();
  w.line(`Part of ${m.pkg.dotted}. ${rng.pick(['Owns', 'Wraps', 'Coordinates', 'Validates'])} the ${rng.pick(NOUNS)} flow for this area.`);
  if (rng.chance(0.3)) w.line(rng.pick(LEGACY_MENTIONS));
  w.line('"""');
  w.block(STDLIB_HEADER);
  const at = (p: ChosenImport['placement']) => all.filter((i) => i.placement === p);
  w.block(at('top').map((i) => i.line));
  for (const t of at('try')) {
    w.line();
    w.line('try:');
    w.line(t.line, 1);
    w.line(`except ImportError:  # ${rng.pick(['optional accelerator', 'not installed in every deployment', 'import cycle during bootstrap'])}`);
    w.line(`${t.refs.map((r) => r.expr).join(' = ')} = None`, 1);
  }
  const typeOnly = at('type-checking');
  if (typeOnly.length) {
    w.line();
    w.line('if TYPE_CHECKING:');
    w.block(typeOnly.map((i) => i.line), 1);
  }
  w.line();
  w.line('logger = logging.getLogger(__name__)');
  w.line();
  m.constants.forEach((c, i) => w.line(`${c} = ${i === 0 ? rng.int(1, 120) : rng.int(10, 10_000)}`));
  if (rng.chance(0.2)) w.line(`_SOCKET_NOTE = "${rng.pick(LEGACY_MENTIONS)}"`);
  if (rng.chance(0.05)) w.line(`_GREETING = "Grüße aus ${title} — ça va"`);
  if (ctx.exports.starred.has(m) || rng.chance(0.3)) w.line(`__all__ = [${[...m.classes, ...m.functions].map((n) => `"${n}"`).join(', ')}]`);
  w.line();

  // Every import is used somewhere: top and try imports by some function, lazy ones inside one.
  const work: FunctionWork[] = [];
  const pending = at('top').concat(at('try')).flatMap((i) => i.refs);
  const lazy = at('function');
  const slots = m.classes.length + m.functions.length + 2;
  for (let i = 0; i < slots; i++) work.push({ refs: [], localImports: [], prelude: [] });
  pending.forEach((r) => work[rng.int(0, slots - 1)]!.refs.push(r));
  lazy.forEach((i) => {
    const slot = work[rng.int(0, slots - 1)]!;
    slot.localImports.push(i.line);
    slot.refs.push(...i.refs);
  });
  for (const d of chosen.dynamic) {
    const slot = work[rng.int(0, slots - 1)]!;
    slot.prelude.push(`plugin = importlib.import_module("${d}")`, 'logger.debug("loaded %s", plugin.__name__)');
  }
  let next = 0;
  const take = (): FunctionWork => work[next++] ?? { refs: [], localImports: [], prelude: [] };

  for (const p of planted.functions) w.block(p.lines);
  // A hub's first class is planted; its other names are ordinary.
  for (const c of m.role === 'hub' ? m.classes.slice(1) : m.classes) {
    const job = take();
    const base = job.refs.find((r) => r.kind === 'class' && !r.expr.includes('.'));
    emitClass(w, rng, { name: c, base: base && rng.chance(0.3) ? base.expr : undefined, methods: rng.int(1, 4), refs: job.refs, localImports: [...job.localImports, ...job.prelude] });
  }
  for (const f of m.functions) emitFunction(w, rng, { name: f, indent: 0, method: false, ...take() });
  // Whatever work is left goes into extra functions, then filler grows the module to its size.
  while (next < work.length) {
    const job = work[next++]!;
    if (job.refs.length || job.localImports.length || job.prelude.length) emitFunction(w, rng, { name: binder.bind(`${rng.pick(VERBS)}_${rng.pick(NOUNS)}`), indent: 0, method: false, ...job });
  }
  growTo(w, m.targetBytes, binder, rng);

  if (m.classes.length && rng.chance(0.3)) w.line(`Legacy${m.classes[0]} = ${m.classes[0]}  # old name, kept for pickled state`);
  const imported = pending.find((r) => r.kind === 'class' && !r.expr.includes('.'));
  if (imported && rng.chance(0.2)) w.line(`${binder.bind(`Default${imported.expr}`)} = ${imported.expr}`);
  return w.text();
}

/** Filler: more classes and functions of the same kinds until the module reaches its size. */
export function growTo(w: PyWriter, target: number, binder: Binder, rng: Rng): void {
  while (w.bytes < target) {
    if (rng.chance(0.3)) emitClass(w, rng, { name: binder.bind(`${capitalise(rng.pick(NOUNS))}${capitalise(rng.pick(VERBS))}er`), methods: rng.int(2, 6) });
    else emitFunction(w, rng, { name: binder.bind(`${rng.pick(VERBS)}_${rng.pick(NOUNS)}`), indent: 0, method: false });
  }
}
