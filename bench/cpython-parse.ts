import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeProcess, type Timed } from './measure.js';

/**
 * The reference for a cold index: CPython itself reading and parsing the same
 * files. Only ast.parse, no analysis: a tool that also resolves imports and
 * evaluates rules should still beat the interpreter's own parser.
 */
const SCRIPT = `
import ast, json, sys
ok = failed = size = 0
first = None
with open(sys.argv[1], "rb") as listing:
    paths = [p.decode("utf-8") for p in listing.read().split(b"\\0") if p]
for path in paths:
    with open(path, "rb") as handle:
        source = handle.read()
    size += len(source)
    try:
        ast.parse(source, filename=path)
        ok += 1
    except (SyntaxError, ValueError) as exc:
        failed += 1
        first = first or f"{path}: {exc}"
print(json.dumps({"files": ok + failed, "failed": failed, "bytes": size, "firstError": first}))
`;

export interface CpythonRun {
  readonly timed: Timed;
  readonly files: number;
  readonly failed: number;
  readonly bytes: number;
  readonly firstError: string | null;
}

/** Whole-process wall time of `<python> parse.py <list>` with cwd = the repo; null when that interpreter is missing. */
export function cpythonParse(root: string, files: readonly string[], python = 'python3'): CpythonRun | null {
  const dir = mkdtempSync(join(tmpdir(), 'ssot-guard-bench-py-'));
  try {
    const script = join(dir, 'parse_all.py');
    const listing = join(dir, 'files.lst');
    writeFileSync(script, SCRIPT);
    writeFileSync(listing, files.join('\0'));
    const timed = timeProcess(python, [script, listing], { cwd: root });
    if (timed.status !== 0) {
      if (timed.status === null && !timed.timedOut) return null;
      return { timed, files: 0, failed: files.length, bytes: 0, firstError: timed.stderr.trim().split('\n').slice(-1)[0] ?? null };
    }
    const out = JSON.parse(timed.stdout) as { files: number; failed: number; bytes: number; firstError: string | null };
    return { timed, ...out };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
