// npm run verify:real: ssot-guard's Python facts and name origins against an
// oracle written with CPython's `ast` (oracle.py), over the Debian CPython
// standard library and Debian's python3-django and python3-sympy. Run after
// `npm run build`; exits 1 on any difference. See README.md beside this file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFactsSafely } from '../../dist/src/facts/extract-safely.js';
import { buildProgram } from '../../dist/src/session/build-program.js';
import { blobSha } from '../../dist/src/facts/blob-sha.js';
import { factKeyOfPath } from '../../dist/src/facts/fact-key.js';
import { fastDifferential, reportFastDifferential } from './fast-differential.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const EXAMPLES = Number(process.env.VERIFY_REAL_EXAMPLES ?? 5);
const started = Date.now();

// ---------------------------------------------------------------- corpus
/** The Debian interpreter's stdlib and where its dist-packages hold django and sympy (not a pyenv python3 on PATH). */
function locateCorpus() {
  const debianPython = process.env.VERIFY_REAL_DEBIAN_PYTHON ?? '/usr/bin/python3';
  const probe = `
import importlib.util, json, os, sysconfig
out = {"stdlib": os.path.realpath(sysconfig.get_path("stdlib")), "packages": {}}
for name in ("django", "sympy"):
    spec = importlib.util.find_spec(name)
    if spec and spec.submodule_search_locations:
        out["packages"][name] = os.path.dirname(os.path.realpath(list(spec.submodule_search_locations)[0]))
print(json.dumps(out))`;
  let found;
  try {
    found = JSON.parse(execFileSync(debianPython, ['-I', '-c', probe], { encoding: 'utf8' }));
  } catch (err) {
    fail(`cannot ask ${debianPython} where its standard library is: ${err.message}`);
  }
  const missing = ['django', 'sympy'].filter((n) => !found.packages[n]);
  if (missing.length) fail(`${debianPython} has no ${missing.join(', ')}: sudo apt-get install -y python3-django python3-sympy`);
  const dirs = new Set(Object.values(found.packages));
  if (dirs.size !== 1) fail(`django and sympy are in different directories: ${[...dirs].join(', ')}`);
  return {
    roots: [
      { name: 'stdlib', dir: found.stdlib, skipDirs: ['site-packages', 'dist-packages'], only: null },
      { name: 'packages', dir: [...dirs][0], only: ['django', 'sympy'] },
    ],
  };
}

function fail(message) {
  console.error(`verify:real: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- oracle
function runOracle(config) {
  // For iterating on the node side: VERIFY_REAL_ORACLE_CACHE=file reuses an earlier oracle run (written when absent).
  const cache = process.env.VERIFY_REAL_ORACLE_CACHE;
  if (cache) {
    try {
      return JSON.parse(readFileSync(cache, 'utf8'));
    } catch {
      /* run it */
    }
  }
  const result = runOracleProcess(config);
  if (cache) writeFileSync(cache, JSON.stringify(result));
  return result;
}

function runOracleProcess(config) {
  const dir = mkdtempSync(join(tmpdir(), 'ssot-verify-real-'));
  try {
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const python = process.env.VERIFY_REAL_PYTHON ?? 'python3';
    execFileSync(python, [join(here, 'oracle.py'), join(dir, 'config.json'), join(dir, 'oracle.json')], { stdio: ['ignore', 'inherit', 'inherit'] });
    return JSON.parse(readFileSync(join(dir, 'oracle.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- ssot-guard
/** Facts and program from the real extractor and buildProgram, over exactly the files the oracle parsed. */
function ssotGuardProgram(config, paths) {
  const dirOf = new Map(config.roots.map((r) => [r.name, r.dir]));
  const shas = new Map();
  const facts = new Map();
  for (const path of paths) {
    const slash = path.indexOf('/');
    const bytes = readFileSync(join(dirOf.get(path.slice(0, slash)), path.slice(slash + 1)));
    const sha = blobSha(bytes);
    shas.set(path, sha);
    const key = factKeyOfPath(path, sha);
    if (!facts.has(key)) facts.set(key, extractFactsSafely(bytes, 'python'));
  }
  const programConfig = {
    pythonRoots: config.roots.map((r) => r.name), include: ['**/*.py'], exclude: [],
    typeOnlyImports: 'include', rules: [], hash: 'verify-real',
  };
  const program = buildProgram(paths, (p) => shas.get(p), facts, programConfig);
  return program;
}

/** Per import of the file (facts order): the module it names and each name's origin, read off `usesOf`. */
function resolutionOf(program, path, facts) {
  const uses = program.resolver.usesOf(path);
  const out = [];
  let u = 0;
  const at = (p) => u < uses.length && uses[u].line === p.line && uses[u].column === p.column;
  // A name bound in several places has a use per object it may be, the one its last binding leads to first (the
  // oracle's): the others are skipped. So is the use of what a dynamic import's attributes name (`import_module("m").X`).
  const next = () => {
    const use = uses[u++];
    while (u < uses.length && uses[u].line === use.line && uses[u].column === use.column && uses[u].bindings.join() === use.bindings.join()) u++;
    return use;
  };
  for (const imp of facts.imports) {
    // A relative import that climbs above the top-level package yields no use.
    if (!at(imp)) {
      out.push({ base: null });
      continue;
    }
    const base = next().symbol;
    const res = { base, names: [] };
    if (imp.kind === 'from') {
      for (const n of imp.names) {
        if (n.name === '*') {
          const exported = program.resolver.exportsOf(base);
          const exports = {};
          for (let i = 0; i < exported.length; i++) {
            const use = next();
            exports[use.bindings[0]] = [use.symbol, [...use.via]];
          }
          res.names.push({ exports });
        } else {
          const use = next();
          res.names.push({ origin: [use.symbol, [...use.via]] });
        }
      }
    }
    out.push(res);
  }
  return out;
}

// ---------------------------------------------------------------- comparison
class Differences {
  constructor() {
    this.byCategory = new Map();
  }
  add(category, where, oracle, ours) {
    let list = this.byCategory.get(category);
    if (!list) this.byCategory.set(category, (list = []));
    list.push({ where, oracle, ssotGuard: ours });
  }
  get total() {
    let n = 0;
    for (const list of this.byCategory.values()) n += list.length;
    return n;
  }
}

const SYNTAX = 'syntax: CPython parses, ssot-guard flags';
const REBOUND = 'origin: a later unconditional module-level statement rebinds the name (def, class, assignment) and wins';
const show = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
const key = (p) => `${p.line}:${p.column}`;

function compareFile(path, oracle, facts, resolution, diffs, counts) {
  const warned = facts.warnings.filter((w) => w.code === 'syntax' || w.code === 'encoding');
  const notRead = facts.warnings.filter((w) => w.code === 'too-large' || w.code === 'unreadable');
  if (notRead.length) {
    diffs.add('file not read by ssot-guard', `${path}:1`, 'parsed', notRead.map((w) => w.message).join('; '));
    return;
  }
  // A file ssot-guard cannot parse is one difference, in its own category: what follows from it is listed there.
  const local = new Differences();
  compareFacts(path, oracle, facts, resolution, local, counts);
  if (warned.length) {
    const category = warned.some((w) => w.code === 'syntax') ? SYNTAX : 'encoding: CPython decodes, ssot-guard flags';
    const follow = [...local.byCategory].map(([c, l]) => `${l.length} ${c}`).join(', ');
    diffs.add(category, `${path}:${warned[0].line}:${warned[0].column}`, 'no error',
      `${warned.map((w) => `${w.line}:${w.column} ${w.message}`).join(' | ')}${follow ? ` [and in this file: ${follow}]` : ''}`);
    return;
  }
  for (const [c, list] of local.byCategory) for (const d of list) diffs.add(c, d.where, d.oracle, d.ssotGuard);
}

function importView(imp) {
  const v = { kind: imp.kind, module: imp.module, level: imp.level, unit: imp.unit, typeOnly: imp.typeOnly };
  if (imp.kind === 'import') Object.assign(v, { bound: imp.bound, boundIsModule: imp.boundIsModule });
  if (imp.kind === 'dynamic') Object.assign(v, { bound: imp.bound, attribute: imp.attribute ?? null, top: imp.top === true });
  if (imp.kind === 'from') v.names = imp.names.map((n) => `${n.name}${n.bound !== n.name ? ` as ${n.bound}` : ''}@${key(n)}`).join(', ');
  return v;
}

function compareFacts(path, oracle, facts, resolution, diffs, counts) {
  const ours = new Map();
  facts.imports.forEach((imp, i) => ours.set(key(imp), { imp, res: resolution[i] }));
  const matched = new Set();
  for (const o of oracle.imports) {
    const where = `${path}:${o.line}:${o.column}`;
    const k = key(o);
    const mine = ours.get(k);
    if (!mine || matched.has(k)) {
      diffs.add('import missing in ssot-guard', where, importView(o), null);
      continue;
    }
    matched.add(k);
    counts.imports++;
    const a = importView(o);
    const b = importView(mine.imp);
    let same = true;
    for (const field of Object.keys(a)) {
      if (a[field] !== b[field]) {
        diffs.add(`import ${field}`, where, a[field], b[field]);
        same = false;
      }
    }
    if (same) compareResolution(where, o, mine.imp, mine.res, diffs, counts);
  }
  for (const [k, { imp }] of ours) if (!matched.has(k)) diffs.add('import only in ssot-guard', `${path}:${k}`, null, importView(imp));

  const aliasKey = (a) => `${a.line}:${a.column}:${a.name}`;
  const oAliases = new Map(oracle.aliases.map((a) => [aliasKey(a), a.target]));
  const sAliases = new Map(facts.aliases.map((a) => [aliasKey(a), a.target]));
  for (const [k, t] of oAliases) {
    if (!sAliases.has(k)) diffs.add('alias missing in ssot-guard', `${path}:${k}`, `= ${t}`, null);
    else if (sAliases.get(k) !== t) diffs.add('alias target', `${path}:${k}`, t, sAliases.get(k));
  }
  for (const [k, t] of sAliases) if (!oAliases.has(k)) diffs.add('alias only in ssot-guard', `${path}:${k}`, null, `= ${t}`);

  if (JSON.stringify(oracle.dunderAll) !== JSON.stringify(facts.dunderAll)) {
    diffs.add('__all__', `${path}:1`, oracle.dunderAll, facts.dunderAll);
  }
  const oDefs = new Set(oracle.definitions);
  const sDefs = new Set(facts.definitions);
  const missing = [...oDefs].filter((d) => !sDefs.has(d));
  const extra = [...sDefs].filter((d) => !oDefs.has(d));
  if (missing.length) diffs.add('definitions missing in ssot-guard', `${path}:1`, missing, null);
  if (extra.length) diffs.add('definitions only in ssot-guard', `${path}:1`, null, extra);
}

function compareResolution(where, o, imp, res, diffs, counts) {
  if (o.base !== res.base) {
    diffs.add('module an import names', where, o.base, res.base);
    return;
  }
  if (o.kind !== 'from' || o.base === null) return;
  o.names.forEach((n, i) => {
    const mine = res.names[i];
    const at = `${where.slice(0, where.indexOf(':', where.indexOf(':') + 1))}:${n.column} ${o.base}`;
    if (n.name !== '*') {
      compareOrigin(`${at}.${n.name}`, n.origin, mine.origin, diffs, counts);
      return;
    }
    const oNames = Object.keys(n.exports);
    const sNames = Object.keys(mine.exports);
    const lost = oNames.filter((x) => !(x in mine.exports));
    const extra = sNames.filter((x) => !(x in n.exports));
    if (lost.length) diffs.add('star import: names ssot-guard does not bind', `${at} *`, lost, null);
    if (extra.length) diffs.add('star import: names only ssot-guard binds', `${at} *`, null, extra);
    for (const x of oNames) if (x in mine.exports) compareOrigin(`${at} * ${x}`, n.exports[x], mine.exports[x], diffs, counts);
  });
}

function compareOrigin(where, oracle, ours, diffs, counts) {
  counts.names++;
  counts.pairs.add(where.slice(where.lastIndexOf(' ') + 1));
  if (oracle[0] !== ours[0]) diffs.add(oracle[2] === 'rebound' ? REBOUND : 'origin', where, oracle[0], ours[0]);
  else if (JSON.stringify(oracle[1]) !== JSON.stringify(ours[1])) diffs.add('origin via (same origin)', where, oracle[1], ours[1]);
}

// ---------------------------------------------------------------- main
const config = locateCorpus();
console.log(`verify:real: corpus ${config.roots.map((r) => `${r.name}=${r.dir}${r.only ? `/{${r.only.join(',')}}` : ''}`).join(' ')}`);
const t0 = Date.now();
const oracle = runOracle(config);
const oracleMs = Date.now() - t0;
const paths = Object.keys(oracle.files).sort();
const t1 = Date.now();
const program = ssotGuardProgram(config, paths);
const diffs = new Differences();
const counts = { files: 0, imports: 0, names: 0, pairs: new Set() };
for (const path of paths) {
  const facts = program.factsOf(path);
  counts.files++;
  compareFile(path, oracle.files[path], facts, resolutionOf(program, path, facts), diffs, counts);
}
const oursMs = Date.now() - t1;
const dirOf = new Map(config.roots.map((r) => [r.name, r.dir]));
const read = (path) => readFileSync(join(dirOf.get(path.slice(0, path.indexOf('/'))), path.slice(path.indexOf('/') + 1)));
const fast = fastDifferential(paths.map((path) => ({ path, bytes: read(path) })));

const mb = (oracle.corpus.bytes / 1e6).toFixed(1);
console.log(`corpus: ${oracle.corpus.files} files, ${mb} MB (${Object.entries(oracle.corpus.byRoot).map(([k, v]) => `${k} ${v}`).join(', ')}); oracle on CPython ${oracle.python}`);
console.log(`skipped, CPython rejects them: ${oracle.rejected.length}${oracle.rejected.length ? '' : ' files'}`);
for (const r of oracle.rejected.slice(0, EXAMPLES)) console.log(`  ${r.path}: ${r.error}`);
if (oracle.clashes.length) console.log(`module name clashes (first file kept by the oracle): ${oracle.clashes.map((c) => c.join(' ')).join('; ')}`);
console.log(`compared: ${counts.files} files, ${counts.imports} imports, ${counts.names} imported names' origins (${counts.pairs.size} distinct module.name)`);
console.log(`time: oracle ${(oracleMs / 1000).toFixed(1)} s, ssot-guard ${(oursMs / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s`);
const fastAgrees = reportFastDifferential(fast, EXAMPLES);
if (diffs.total === 0) {
  console.log('differences: none');
  process.exit(fastAgrees ? 0 : 1);
}
console.log(`differences: ${diffs.total}`);
for (const [category, list] of [...diffs.byCategory].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`  ${category}: ${list.length}`);
  for (const d of list.slice(0, EXAMPLES)) console.log(`    ${d.where}  oracle ${show(d.oracle)}  ssot-guard ${show(d.ssotGuard)}`);
}
if (process.env.VERIFY_REAL_REPORT) {
  writeFileSync(process.env.VERIFY_REAL_REPORT, JSON.stringify(Object.fromEntries(diffs.byCategory), null, 1));
  console.log(`all differences: ${process.env.VERIFY_REAL_REPORT}`);
}
process.exit(1);
