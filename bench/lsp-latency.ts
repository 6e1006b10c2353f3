import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLsp } from '../test/helpers/lsp-client.js';
import { DEFAULT_PARAMS, ensureBenchRepo } from './generate-repo.js';
import { percentile } from './measure.js';
import { MAIN_FACTORY } from './repo-plan.js';
import { CLI } from './ssot-guard-cli.js';

/**
 * `node dist/bench/lsp-latency.js [--modules N] [--runs N]`: the language
 * server's latency on the synthetic repository, through a real JSON-RPC
 * client, as an editor sees it:
 *
 * - cold: didOpen of the main factory -> its first publishDiagnostics, the
 *   server just started (the in-process index built, over the fact cache on disk);
 * - didOpen -> first publishDiagnostics of another file, the index warm (goal: 100 ms);
 * - didChange -> publishDiagnostics reflecting it: a line that adds a mix
 *   typed into the open factory and taken out again, unsaved (goal: 50 ms).
 *
 * The server only reads the repository: buffers stay in memory, and the fact
 * cache it reads is never written (buffer-index.ts), so a shared bench repo is left as it was.
 */
const USAGE = 'usage: node dist/bench/lsp-latency.js [--modules N (default 10000)] [--runs N (default 20)]';
const TOGGLE = '\nfrom app.websocket_core import WebSocketManager as BenchToggleManager  # bench: legacy toggled on\n';
const COLD_WAIT_MS = 5 * 60 * 1000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { modules: { type: 'string' }, runs: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const modules = Number(values.modules ?? DEFAULT_PARAMS.modules);
  const runs = Number(values.runs ?? 20);
  if (!(modules >= 1 && runs >= 1)) throw new Error(USAGE);
  const params = { ...DEFAULT_PARAMS, modules, targetBytes: Math.round((modules * DEFAULT_PARAMS.targetBytes) / DEFAULT_PARAMS.modules) };
  const repo = ensureBenchRepo(params, (line) => process.stderr.write(`${line}\n`));
  const root = repo.root;
  process.stderr.write(`repo ${root}: ${repo.pyFiles} .py files (${repo.generated ? 'generated now' : 'reused'})\n`);
  const text = (path: string): string => readFileSync(join(root, path), 'utf8');
  // Files to open: every so many modules of the tree, the same each run.
  const listed = execFileSync('git', ['ls-files', '-z', '--', 'app/*.py'], { cwd: root, maxBuffer: 1 << 28 }).toString('utf8').split('\0').filter(Boolean);
  const others = listed.filter((_, i) => i % Math.max(1, Math.floor(listed.length / runs)) === 0 && listed[i] !== MAIN_FACTORY).slice(0, runs);

  const lsp = await startLsp(CLI, root, { SSOT_GUARD_NO_DAEMON: '1' });
  try {
    const factory = lsp.uri(MAIN_FACTORY);
    const original = text(MAIN_FACTORY);
    let t = performance.now();
    const first = lsp.diagnostics(factory, () => true, COLD_WAIT_MS);
    await lsp.open(MAIN_FACTORY, original);
    const base = (await first).length;
    const coldMs = performance.now() - t;

    const opens: number[] = [];
    for (const path of others) {
      const published = lsp.diagnostics(lsp.uri(path));
      t = performance.now();
      await lsp.open(path, text(path));
      await published;
      opens.push(performance.now() - t);
      // The close is judged too: waited for (the factory is published with every verdict), so samples do not overlap.
      const settled = lsp.diagnostics(factory);
      await lsp.closeDocument(path);
      await settled;
    }

    const changes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const on = i % 2 === 0;
      const reflected = lsp.diagnostics(factory, (d) => d.length === (on ? base + 1 : base));
      t = performance.now();
      await lsp.change(MAIN_FACTORY, on ? original + TOGGLE : original);
      await reflected;
      changes.push(performance.now() - t);
    }
    const row = (label: string, xs: number[], goal: number): string =>
      `${label.padEnd(44)} p50 ${percentile(xs, 50)!.toFixed(1).padStart(7)} ms   p90 ${percentile(xs, 90)!.toFixed(1).padStart(7)} ms   (n=${xs.length}, goal < ${goal} ms)`;
    process.stdout.write(
      [
        `ssot-guard lsp latency: ${repo.pyFiles} .py files (${modules} modules), node ${process.version}`,
        `${'cold: didOpen -> first publishDiagnostics'.padEnd(44)} ${coldMs.toFixed(0).padStart(7)} ms   (server just started)`,
        row('warm: didOpen -> first publishDiagnostics', opens, 100),
        row('didChange -> publishDiagnostics reflecting it', changes, 50),
        '',
      ].join('\n'),
    );
  } finally {
    await lsp.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`lsp-latency: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
