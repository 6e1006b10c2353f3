import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIXED, baseFiles } from './python-repo.js';

/** Two files that mix the patterns, both importers of app.legacy, and one clean importer of the factory. */
export const PICTURE_FILES: Record<string, string> = {
  ...baseFiles(MIXED),
  'app/other.py': 'from app.legacy import Manager\nfrom app.bridge import Bridge\n',
  'app/routes.py': 'from app import factory\n',
};

/**
 * A PATH with node and git on it and nothing else: no `dot`, so a picture
 * drawn there was drawn in-process. Removed at exit.
 */
export function pathWithoutDot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssot-guard-no-dot-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  symlinkSync(execFileSync('sh', ['-c', 'command -v git']).toString().trim(), join(dir, 'git'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
