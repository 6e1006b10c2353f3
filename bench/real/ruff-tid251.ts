import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * `node ruff-tid251.js <settings.json> <listing>` (cwd = the repo): ruff's
 * banned-api rule through its WebAssembly build, one thread, one process,
 * one loop that reads each listed file and checks it. Prints what it found
 * and where its time went; the bench times the whole process.
 */

interface RuffWasm {
  Workspace: new (options: unknown, encoding: number) => { check(contents: string): Array<{ code: string | null }> };
  PositionEncoding: { Utf16: number };
}

function main(): void {
  const [settingsFile, listing] = process.argv.slice(2);
  if (!settingsFile || !listing) throw new Error('usage: ruff-tid251.js <settings.json> <listing>');
  const began = performance.now();
  const ruff = createRequire(import.meta.url)('@astral-sh/ruff-wasm-nodejs') as RuffWasm;
  const workspace = new ruff.Workspace(JSON.parse(readFileSync(settingsFile, 'utf8')), ruff.PositionEncoding.Utf16);
  const loaded = performance.now();
  const paths = readFileSync(listing, 'utf8').split('\0').filter(Boolean);
  let diagnostics = 0;
  let flagged = 0;
  for (const path of paths) {
    const found = workspace.check(readFileSync(path, 'utf8')).filter((d) => d.code === 'TID251').length;
    diagnostics += found;
    if (found) flagged++;
  }
  const done = performance.now();
  process.stdout.write(`${JSON.stringify({ files: paths.length, diagnostics, flagged, loadMs: loaded - began, loopMs: done - loaded })}\n`);
}

main();
