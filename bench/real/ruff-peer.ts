import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeProcess } from '../measure.js';
import type { ColdPeer } from '../scenarios/cold-check.js';
import { bannedApi } from './real-rules.js';

const SCRIPT = fileURLToPath(new URL('./ruff-tid251.js', import.meta.url));

/**
 * (a2) ruff's TID251 (flake8-tidy-imports banned-api) over the same files,
 * banning the rule set's legacy names: a peer that checks far less (import
 * paths as spelled, no resolution, no scopes) on one thread.
 */
export const ruffPeer: ColdPeer = {
  id: 'a2',
  title: 'cold check --all (as a) vs ruff-wasm TID251',
  label: 'ruff-wasm TID251',
  goal: { on: 'ratio', op: '<', limit: 1 },
  run(root, files) {
    const config = JSON.parse(readFileSync(join(root, 'ssot-guard.config.json'), 'utf8')) as Parameters<typeof bannedApi>[0];
    const banned = bannedApi(config);
    const dir = mkdtempSync(join(tmpdir(), 'ssot-guard-bench-ruff-'));
    try {
      const settings = join(dir, 'settings.json');
      const listing = join(dir, 'files.lst');
      writeFileSync(settings, JSON.stringify({ lint: { select: ['TID251'], 'flake8-tidy-imports': { 'banned-api': banned } } }));
      writeFileSync(listing, files.join('\0'));
      const t = timeProcess(process.execPath, [SCRIPT, settings, listing], { cwd: root });
      if (t.status !== 0) return { ms: null, details: [`ruff-wasm failed: exit ${t.status}: ${t.stderr.trim().split('\n').slice(-1)[0] ?? ''}`] };
      const out = JSON.parse(t.stdout) as { files: number; diagnostics: number; flagged: number; loadMs: number; loopMs: number };
      return {
        ms: t.ms,
        details: [
          `ruff-wasm: ${Object.keys(banned).length} banned names, ${out.diagnostics} TID251 diagnostic(s) in ${out.flagged} of ${out.files} files; wasm load ${Math.round(out.loadMs)} ms, loop ${(out.loopMs / 1000).toFixed(1)} s`,
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
