// The fast Python fact extractor against lezer's walk (the reference), file
// by file: deep equality on the whole FileFacts, packed references element by
// element. A file the fast extractor leaves to lezer (null) is a fallback, not
// a difference; a file lezer itself flags as broken (though CPython parses it)
// is counted apart and not compared. See README.md beside this file.
import { isDeepStrictEqual } from 'node:util';
import { extractPythonFactsFast, extractPythonFactsLezer } from '../../dist/src/parse/python/extract-facts.js';

const PACKED = new Set(['references', 'methodCalls']);

/** `files`: [{ path, bytes }] CPython parses. */
export function fastDifferential(files) {
  const result = { compared: 0, differences: [], fallbacks: 0, lezerSyntax: 0, fastOnLezerSyntax: 0, fastMs: 0, lezerMs: 0, bytes: 0 };
  for (const { path, bytes } of files) {
    let t = performance.now();
    const lezer = extractPythonFactsLezer(bytes);
    result.lezerMs += performance.now() - t;
    t = performance.now();
    const fast = extractPythonFactsFast(bytes);
    result.fastMs += performance.now() - t;
    result.bytes += bytes.length;
    if (lezer.warnings.some((w) => w.code === 'syntax' || w.code === 'too-broken')) {
      result.lezerSyntax++;
      if (fast) result.fastOnLezerSyntax++;
      continue;
    }
    if (!fast) {
      result.fallbacks++;
      continue;
    }
    result.compared++;
    const field = differingField(lezer, fast);
    if (field !== null) result.differences.push({ path, field, lezer: lezer[field], fast: fast[field] });
  }
  return result;
}

/** The first FileFacts field in which the two differ, or null. */
function differingField(a, b) {
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (PACKED.has(field) ? !samePacked(a[field], b[field]) : !isDeepStrictEqual(a[field], b[field])) return field;
  }
  return null;
}

function samePacked(a, b) {
  if (!a || !b) return a === b;
  if (!isDeepStrictEqual(a.names, b.names) || !isDeepStrictEqual(a.units, b.units) || a.entries.length !== b.entries.length) return false;
  for (let i = 0; i < a.entries.length; i++) if (a.entries[i] !== b.entries[i]) return false;
  return true;
}

/** Prints the figures; returns whether the two extractors agree on every file compared. */
export function reportFastDifferential(r, examples) {
  const total = r.compared + r.fallbacks + r.differences.length;
  const rate = total ? ((100 * r.fallbacks) / total).toFixed(1) : '0.0';
  const mb = r.bytes / 1048576;
  console.log(
    `fast Python extractor vs lezer: ${r.compared} files compared, ${r.differences.length} differences, ` +
      `${r.fallbacks} fallbacks to lezer (${rate}%), ${r.lezerSyntax} files lezer flags as broken though CPython parses them (not compared` +
      `${r.lezerSyntax ? `; the fast extractor answered on ${r.fastOnLezerSyntax}` : ''})`,
  );
  console.log(`  rate: fast ${(mb / (r.fastMs / 1000)).toFixed(1)} MB/s, lezer ${(mb / (r.lezerMs / 1000)).toFixed(1)} MB/s`);
  const show = (v) => {
    const s = JSON.stringify(v, (_, x) => (x instanceof Int32Array ? [...x] : x));
    return s && s.length > 200 ? `${s.slice(0, 200)}...` : s;
  };
  for (const d of r.differences.slice(0, examples)) console.log(`  ${d.path}: ${d.field}: lezer ${show(d.lezer)}  fast ${show(d.fast)}`);
  return r.differences.length === 0;
}
