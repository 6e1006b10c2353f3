import { existsSync, rmSync } from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import picomatch from 'picomatch';
import { git } from './git-commit-all.js';

/** `<git common dir>/ssot-guard/facts.bin`: the fact cache a cold run must not find. */
export function factCacheFile(root: string): string {
  const common = git(root, ['rev-parse', '--git-common-dir']).trim();
  return join(isAbsolute(common) ? common : join(root, common), 'ssot-guard', 'facts.bin');
}

export function dropFactCache(root: string): boolean {
  const file = factCacheFile(root);
  const had = existsSync(file);
  rmSync(file, { force: true });
  return had;
}

/**
 * Back to the committed state: an earlier run that died may have left a
 * staged change or a toggled file, and the repo is reused across runs.
 */
export function resetRepo(root: string): void {
  git(root, ['reset', '-q', '--hard', 'HEAD']);
  git(root, ['clean', '-q', '-fd', '--', 'app', 'tests']);
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
