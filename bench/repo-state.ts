import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import picomatch from 'picomatch';
import { git } from './git-commit-all.js';

/** `<git common dir>/ssot-guard`: where the fact cache lives (an index, its data files, maybe the old format's file). */
function stateDir(root: string): string {
  const common = git(root, ['rev-parse', '--git-common-dir']).trim();
  return join(isAbsolute(common) ? common : join(root, common), 'ssot-guard');
}

/** Removes the fact cache a cold run must not find; whether there was one. */
export function dropFactCache(root: string): boolean {
  const dir = stateDir(root);
  const files = existsSync(dir) ? readdirSync(dir).filter((n) => /^facts\.(idx|bin|[0-9a-f]+\.dat)$/.test(n)) : [];
  for (const f of files) rmSync(join(dir, f), { force: true });
  return files.some((f) => f === 'facts.idx' || f === 'facts.bin');
}

/**
 * Back to the committed state: an earlier run that died may have left a
 * staged change or a toggled file, and the repo is reused across runs.
 */
export function resetRepo(root: string, dirs: readonly string[] = ['app', 'tests']): void {
  git(root, ['reset', '-q', '--hard', 'HEAD']);
  git(root, ['clean', '-q', '-fd', '--', ...dirs]);
}

/** The .py files the repo's config includes, as the tool lists them: tracked, matched by include minus exclude. */
export function includedFiles(root: string): { files: string[]; bytes: number } {
  const config = JSON.parse(readFileSync(join(root, 'ssot-guard.config.json'), 'utf8')) as { include?: string[]; exclude?: string[] };
  const include = picomatch(config.include ?? ['**/*.py'], { dot: true });
  const exclude = picomatch(config.exclude?.length ? config.exclude : ['\0never'], { dot: true });
  const files = git(root, ['ls-files', '-z'])
    .split('\0')
    .filter((p) => p && include(p) && !exclude(p));
  const bytes = files.reduce((n, p) => n + statSync(join(root, p)).size, 0);
  return { files, bytes };
}
