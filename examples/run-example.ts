/**
 * The README's "see it work" command: builds a throwaway git repo from the
 * founding case, stages a change that brings back the legacy WebSocketManager
 * next to the bridge, and shows ssot-guard refusing it, then accepting the fix.
 */
import { cpSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const cli = join(packageRoot, 'dist', 'src', 'cli.js');
const source = join(packageRoot, 'examples', 'founding-repo');
const patch = join(packageRoot, 'examples', 'patches', 'reintroduce-legacy.py');
const factory = 'app/agents/supervisor/agent_instance_factory.py';

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
}

function guard(cwd: string, ...args: string[]): number {
  const color = process.stdout.isTTY ? [] : ['--no-color'];
  const r = spawnSync(process.execPath, [cli, ...args, ...color], { cwd, encoding: 'utf8' });
  process.stdout.write(indent(r.stdout + r.stderr));
  return r.status ?? 3;
}

const indent = (s: string): string => s.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
const step = (n: number, text: string): void => void process.stdout.write(`\n${n}. ${text}\n`);

const repo = mkdtempSync(join(tmpdir(), 'ssot-guard-example-'));
let ok = false;
try {
  cpSync(source, repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, '-c', 'user.name=example', '-c', 'user.email=example@localhost', 'add', '-A');
  git(repo, '-c', 'user.name=example', '-c', 'user.email=example@localhost', 'commit', '-q', '-m', 'factory uses the bridge only');
  process.stdout.write(`ssot-guard example: a copy of the founding case in ${repo}\n`);

  step(1, 'The factory reaches WebSocket only through the bridge. `ssot-guard check --staged`:');
  const clean = guard(repo, 'check', '--staged');

  step(2, `Someone imports the legacy manager again (through the package re-export, renamed) and stages it.\n   \`git add ${factory} && ssot-guard check --staged\`:`);
  copyFileSync(patch, join(repo, factory));
  git(repo, 'add', factory);
  const blocked = guard(repo, 'check', '--staged');

  step(3, 'Machine-readable verdict for CI and editors (`--format json`, first violation):');
  const json = spawnSync(process.execPath, [cli, 'check', '--staged', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
  const first = (JSON.parse(json.stdout) as { violations: unknown[] }).violations[0];
  process.stdout.write(indent(`${JSON.stringify(first, null, 2)}\n`));

  step(4, 'The fix is unstaged again (`git checkout HEAD -- <file>`): the commit would be clean.');
  git(repo, 'checkout', 'HEAD', '--', factory);
  const fixed = guard(repo, 'check', '--staged');

  ok = clean === 0 && blocked === 1 && fixed === 0;
  process.stdout.write(`\n${ok ? 'As expected: clean (exit 0), blocked (exit 1), clean again (exit 0).' : `Unexpected exit codes: ${clean}, ${blocked}, ${fixed}`}\n`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
