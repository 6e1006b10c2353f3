/**
 * The README's "see it work" command, the product's main job end to end: a
 * throwaway git repo with the founding case, the pre-commit hook wired by
 * `ssot-guard init`, a warm daemon, then two real `git commit`s: one that
 * brings the legacy WebSocketManager back beside the bridge (refused, with
 * the message), and the fix (accepted).
 */
import { cpSync, copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const cli = join(packageRoot, 'dist', 'bundle', 'cli.cjs');
const source = join(packageRoot, 'examples', 'founding-repo');
const patches = join(packageRoot, 'examples', 'patches');
const factory = 'app/agents/supervisor/agent_instance_factory.py';

/** The demo's git ignores the machine's git config (a global gpgsign or hooksPath must not change the story). */
const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'example', GIT_AUTHOR_EMAIL: 'example@localhost', GIT_COMMITTER_NAME: 'example', GIT_COMMITTER_EMAIL: 'example@localhost', ...(process.stdout.isTTY ? {} : { NO_COLOR: '1' }) };

/** Runs a command in the demo repo, shows it and what it printed, and returns its exit code. */
function run(cwd: string, shown: string, command: string, args: string[]): number {
  process.stdout.write(`   $ ${shown}\n`);
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  // git shows a hook's output on stderr, before its own summary on stdout.
  process.stdout.write(indent(command === 'git' ? `${r.stderr}${r.stdout}` : `${r.stdout}${r.stderr}`));
  return r.status ?? 3;
}

const shell = (args: string[]): string => args.map((a) => (/^[\w./=-]+$/.test(a) ? a : `"${a}"`)).join(' ');

function quiet(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
}

const guard = (cwd: string, ...args: string[]) => run(cwd, `ssot-guard ${shell(args)}`, process.execPath, [cli, ...args]);
const git = (cwd: string, ...args: string[]) => run(cwd, `git ${shell(args)}`, 'git', args);
const indent = (s: string): string => s.split('\n').map((l) => (l ? `     ${l}` : l)).join('\n');
const step = (n: number, text: string): void => void process.stdout.write(`\n${n}. ${text}\n`);

const repo = mkdtempSync(join(tmpdir(), 'ssot-guard-example-'));
// The hook init writes finds the guard in node_modules/.bin or on PATH: here, as `npm install -g ssot-guard` would put it.
const bin = mkdtempSync(join(tmpdir(), 'ssot-guard-example-bin-'));
symlinkSync(join(packageRoot, 'hooks', 'pre-commit'), join(bin, 'ssot-guard-pre-commit'));
env.PATH = `${bin}${delimiter}${env.PATH ?? ''}`;
let outcome = { init: -1, refused: -1, accepted: -1 };
try {
  cpSync(source, repo, { recursive: true });
  quiet(repo, 'init', '-q', '-b', 'main');
  quiet(repo, 'add', '-A');
  quiet(repo, 'commit', '-q', '--no-verify', '-m', 'factory uses the bridge only');
  process.stdout.write(`ssot-guard example: the founding case from DESIGN.md, in a throwaway repo at ${repo}\n`);

  step(1, 'Wire the pre-commit hook (no package.json here, so core.hooksPath is set directly) and start the warm daemon:');
  outcome.init = guard(repo, 'init');
  guard(repo, 'daemon', 'start');

  step(2, 'A "quick fix" brings the legacy WebSocketManager back beside the bridge, under a backward-compatibility alias of its implementation:');
  copyFileSync(join(patches, 'reintroduce-legacy.py'), join(repo, factory));
  process.stdout.write(indent(`${spawnSync('git', ['diff', '--', factory], { cwd: repo, env, encoding: 'utf8' }).stdout}`));
  quiet(repo, 'add', factory);
  outcome.refused = git(repo, 'commit', '-m', 'quick fix');

  step(3, 'The fix goes through the bridge; the same commit is accepted:');
  copyFileSync(join(patches, 'fix-through-bridge.py'), join(repo, factory));
  quiet(repo, 'add', factory);
  outcome.accepted = git(repo, 'commit', '-m', 'notify through the bridge');
  git(repo, 'log', '--oneline');

  step(4, 'The daemon answered the hook from its warm index:');
  guard(repo, 'daemon', 'status');
  guard(repo, 'daemon', 'stop');
} finally {
  spawnSync(process.execPath, [cli, 'daemon', 'stop'], { cwd: repo, env, stdio: 'ignore' });
  rmSync(repo, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
}
const ok = outcome.init === 0 && outcome.refused === 1 && outcome.accepted === 0;
process.stdout.write(`\n${ok ? 'As expected: the mixed commit was refused (exit 1), the fix was accepted (exit 0).' : `Unexpected exit codes: init ${outcome.init}, refused ${outcome.refused}, accepted ${outcome.accepted}`}\n`);
process.exitCode = ok ? 0 : 1;
