/**
 * Seeded mutation of real-looking Python for the extractor fuzzer: the same
 * seed always gives the same mutants, so a failure reproduces from the seed
 * the test prints.
 */

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Files that exercise every extractor feature; mutants of them are what the fuzzer feeds it. */
export const FUZZ_FIXTURES: readonly string[] = [
  `"""Factory module: docstring mentions from app.legacy import Manager, which is not an import."""
from __future__ import annotations
import os, sys as system
import app.bridge as bridge_mod
from app.bridge import Bridge as B, create_bridge
from . import sibling
from ..pkg.sub import (
    Alpha,
    Beta as B2,  # trailing comment
)
from app.legacy import *  # ssot-guard: allow ws -- migrating in TICKET-1
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from app.legacy import Manager
else:
    Manager = None

__all__ = ["make", 'Factory']
__all__ += ["extra"]
Alias = bridge_mod.Bridge
Deep = app.bridge.sub.Name


@decorator(arg="x")
class Factory(Base, metaclass=Meta):
    attr: int = 1

    @staticmethod
    def make(self, *args, key=None, **kw):
        def inner():
            import importlib
            mod = importlib.import_module("app.legacy")
            return __import__("app.other")
        s = f"{B!r:>{10}} {self.attr['k']}" + 'it\\'s "quoted"' + r"raw\\d" + b"\\x00".decode()
        return B(inner, s, system.argv)
`,
  `# -*- coding: utf-8 -*-
import asyncio
from app.legacy import Manager as M
from app.bridge import Bridge


async def handler(request, /, *, timeout: float = 1.0) -> "Bridge":
    async with asyncio.timeout(timeout):
        match request:
            case {"kind": "ws", **rest}:
                return M(rest)
            case [first, *_] if first:
                return Bridge(first)
            case _:
                pass
    lam = lambda x=(1, 2), *a: [y async for y in x]
    return (yield from other()) if False else {k: v for k, v in {}.items()}


class Outer:
    class Inner:
        def method(self):
            from app.legacy import Manager
            return Manager.build(u"caf\\u00e9", '''multi
line''', """another
one""")
`,
];

export type Mutation = 'delete' | 'duplicate' | 'swap' | 'insert' | 'truncate';
const MUTATIONS: readonly Mutation[] = ['delete', 'duplicate', 'swap', 'insert', 'truncate'];

/** Bytes that break things: invalid UTF-8, NUL, BOM, lone CR, brackets, quotes, indentation. */
const NASTY: readonly number[][] = [
  [0xff], [0xfe, 0xff], [0xc3], [0xe2, 0x82], [0x00], [0xef, 0xbb, 0xbf], [0x0d], [0x0d, 0x0a], [0x09], [0x0c],
  [0x28], [0x29], [0x5b], [0x7b], [0x22], [0x27], [0x22, 0x22, 0x22], [0x5c], [0x23], [0x3a, 0x0a, 0x20, 0x20],
  [...Buffer.from('from app.legacy import Manager\n')], [...Buffer.from('import ')], [...Buffer.from('def f(:\n')],
  [...Buffer.from('\u00e9\u65e5')], [0xf0, 0x9f, 0x98, 0x80],
];

/** Token-ish spans: words, runs of spaces, single punctuation. */
function tokens(bytes: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const text = bytes.toString('latin1');
  for (const m of text.matchAll(/[A-Za-z0-9_]+|[ \t]+|[^A-Za-z0-9_ \t]/g)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** One random mutation of `bytes`, and what it did (for the failure message). */
export function mutate(bytes: Buffer, rand: () => number): { bytes: Buffer; did: string } {
  const int = (n: number): number => Math.floor(rand() * n);
  const op = MUTATIONS[int(MUTATIONS.length)]!;
  const n = bytes.length;
  const span = (): [number, number] => {
    const a = int(n + 1);
    return [a, Math.min(n, a + 1 + int(Math.min(80, n + 1)))];
  };
  switch (op) {
    case 'delete': {
      const [a, b] = span();
      return { bytes: Buffer.concat([bytes.subarray(0, a), bytes.subarray(b)]), did: `delete ${a}..${b}` };
    }
    case 'duplicate': {
      const [a, b] = span();
      const at = int(n + 1);
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(a, b), bytes.subarray(at)]), did: `duplicate ${a}..${b} at ${at}` };
    }
    case 'swap': {
      const t = tokens(bytes);
      if (t.length < 2) return { bytes, did: 'swap (too few tokens)' };
      let [x, y] = [t[int(t.length)]!, t[int(t.length)]!];
      if (x[0] > y[0]) [x, y] = [y, x];
      if (x[1] > y[0]) return { bytes, did: 'swap (same token)' };
      return {
        bytes: Buffer.concat([bytes.subarray(0, x[0]), bytes.subarray(y[0], y[1]), bytes.subarray(x[1], y[0]), bytes.subarray(x[0], x[1]), bytes.subarray(y[1])]),
        did: `swap ${x[0]}..${x[1]} with ${y[0]}..${y[1]}`,
      };
    }
    case 'insert': {
      const at = int(n + 1);
      const chunk = rand() < 0.7 ? Buffer.from(NASTY[int(NASTY.length)]!) : Buffer.from(Array.from({ length: 1 + int(8) }, () => int(256)));
      return { bytes: Buffer.concat([bytes.subarray(0, at), chunk, bytes.subarray(at)]), did: `insert ${chunk.toString('hex')} at ${at}` };
    }
    case 'truncate': {
      const at = int(n + 1);
      return { bytes: bytes.subarray(0, at), did: `truncate at ${at}` };
    }
  }
}

/** A mutant of a fixture: 1-4 mutations in a row. */
export function mutant(rand: () => number, base: string | Buffer = FUZZ_FIXTURES[Math.floor(rand() * FUZZ_FIXTURES.length)]!): { bytes: Buffer; steps: string[] } {
  let bytes: Buffer = Buffer.from(base);
  const steps: string[] = [];
  const count = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const m = mutate(bytes, rand);
    bytes = m.bytes;
    steps.push(m.did);
  }
  return { bytes, steps };
}
