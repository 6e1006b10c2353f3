import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { openRepo, type GitRepo } from '../git/repo.js';
import { runGit } from '../git/run-git.js';
import { packageRoot } from '../config/package-root.js';
import { HUSKY_HOOKS, planInit, hookFilesFor, hookTarget, type InitAction, type InitFacts } from '../init/plan-init.js';
import { starterConfig } from '../init/starter-config.js';
import { EXIT, UsageError } from './exit-codes.js';
import { CONFIG_FILE } from './load-repo-config.js';
import { parseCommandArgs } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';

/**
 * `ssot-guard init`: a starter config when there is none, and the pre-commit
 * hook wired through husky (or into the hooks git already runs). Safe to run
 * again: it only adds what is missing, and says what it did.
 */
export async function runInit(argv: string[]): Promise<number> {
  if (!parseCommandArgs({ name: 'init', usage: COMMAND_USAGE.init, options: {}, positionals: false }, argv)) return EXIT.ok;
  const repo = await openRepo(process.cwd()).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  const facts = await gatherFacts(repo, process.cwd());
  const plan = planInit(facts);
  for (const action of plan.actions) process.stdout.write(`ssot-guard init: ${await perform(repo, action)}\n`);
  if (!plan.ok) {
    process.stderr.write(`ssot-guard init: the hook is not wired: ${plan.reason}\n`);
    return EXIT.violations;
  }
  for (const note of plan.notes) process.stdout.write(`ssot-guard init: note: ${note}\n`);
  if (!plan.actions.length) process.stdout.write('ssot-guard init: already set up, nothing to do\n');
  return EXIT.ok;
}

async function gatherFacts(repo: GitRepo, cwd: string): Promise<InitFacts> {
  const [configured, local, worktreeList] = await Promise.all([
    runGit(repo.root, ['config', '--get', 'core.hooksPath'], { allowExit: [1] }),
    runGit(repo.root, ['config', '--local', '--get', 'core.hooksPath'], { allowExit: [1] }),
    runGit(repo.root, ['worktree', 'list', '--porcelain', '-z']),
  ]);
  const hooksPath = configured.toString('utf8').trim() || null;
  const worktrees = worktreeList
    .toString('utf8')
    .split('\0')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length))
    .filter((root) => resolve(root) !== resolve(repo.root) && existsSync(root));
  // husky's runner, where a relative hooksPath puts it in a worktree.
  const huskyIn = (root: string): boolean => hooksPath !== null && !isAbsolute(hooksPath) && isFile(join(root, hooksPath, 'h'));
  // The hook is the repository's: husky goes beside the root's package.json when there is one (a monorepo's
  // workspace package is not where git looks), else beside the nearest above here.
  const packageDir = existsSync(join(repo.root, 'package.json')) ? '' : nearestPackageDir(repo.root, cwd);
  const prepareScript = packageDir === null ? null : readPrepare(join(repo.root, packageDir, 'package.json'));
  const gitHooksDir = join(repo.commonDir, 'hooks');
  const gitHook = join(gitHooksDir, 'pre-commit');
  const huskyDirHere = hooksPath !== null && isFile(join(resolve(repo.root, hooksPath), 'h'));
  const partial = {
    hooksPath,
    // In a linked worktree husky's git-ignored dir may be missing while another worktree has it: still husky's.
    hooksPathIsHusky: huskyDirHere || worktrees.some(huskyIn),
    huskyDirHere,
    hooksPathLocal: local.toString('utf8').trim() !== '',
    packageDir,
    gitHooksPreCommit: isFile(gitHook) ? { path: gitHook, content: readFileSync(gitHook, 'utf8') } : null,
  };
  const target = hookTarget(partial);
  const gitHooks = new Map<string, string | null>();
  if (target.kind === 'git-hooks') for (const name of HUSKY_HOOKS) gitHooks.set(name, isFile(join(gitHooksDir, name)) ? readFileSync(join(gitHooksDir, name), 'utf8') : null);
  const hookFiles = new Map<string, string | null>();
  for (const file of hookFilesFor(target)) {
    const path = resolve(repo.root, file);
    hookFiles.set(file, isFile(path) ? readFileSync(path, 'utf8') : null);
  }
  return {
    ...partial,
    prepareScript,
    hookFiles,
    gitHooksDir,
    gitHooks,
    otherWorktrees: worktrees.map((root) => ({ root, huskyDir: target.kind === 'husky' && isFile(join(root, target.dir, '_', 'h')) })),
    localBin: `${packageDir ? `${packageDir}/` : ''}node_modules/.bin/ssot-guard-pre-commit`,
    // The config is the directory's init runs in: a package of a monorepo gets its own (its paths are relative to it).
    configExists: configExists(join(cwd, CONFIG_FILE), repo.root),
  };
}

/**
 * Whether the config is there. A symbolic link that leads nowhere is the
 * user's and stays as it is: nothing can be judged with it, and a starter
 * config written through it would land wherever it points.
 */
function configExists(file: string, root: string): boolean {
  let link: string;
  try {
    if (!lstatSync(file).isSymbolicLink()) return true;
    link = readlinkSync(file);
  } catch {
    return false;
  }
  if (existsSync(file)) return true;
  const shown = relative(root, file) || CONFIG_FILE;
  throw new UsageError(
    `${shown} is a symbolic link to ${link}, which does not exist, so there is no config to keep and none can be written there; ` +
      `init changed nothing and leaves the link as it is. Point the link at your config (or remove it, and init writes a starter config), then run "ssot-guard init" again.`,
  );
}

function nearestPackageDir(root: string, cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return relative(root, dir).split(sep).join('/');
    if (dir === root || dirname(dir) === dir || relative(root, dir).startsWith('..')) return null;
  }
}

function readPrepare(file: string): string | null {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, unknown> };
    const p = json.scripts?.['prepare'];
    return typeof p === 'string' ? p : null;
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

async function perform(repo: GitRepo, action: InitAction): Promise<string> {
  switch (action.kind) {
    case 'write-config': {
      const dir = process.cwd();
      // $schema only where every clone has the file: an install inside the repository.
      const inRepo = !relative(repo.root, packageRoot()).startsWith('..');
      const schema = relative(dir, join(packageRoot(), 'config', 'schema.json')).split(sep).join('/');
      const file = join(dir, CONFIG_FILE);
      writeFileSync(file, starterConfig(inRepo ? schema : null), { flag: 'wx' });
      return `wrote ${relative(repo.root, file) || CONFIG_FILE} with no rules yet: add yours (examples in ${join(packageRoot(), 'config', 'examples')})`;
    }
    case 'install-husky': {
      // husky's own installer, run where it expects to be (the root): it writes <dir>/_ and sets core.hooksPath.
      const huskyBin = join(dirname(createRequire(import.meta.url).resolve('husky')), 'bin.js');
      const run = spawnSync(process.execPath, [huskyBin, action.dir], { cwd: repo.root, encoding: 'utf8' });
      const said = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
      if (run.status !== 0 || said) throw new Error(`husky could not install its hooks in ${repo.root}: ${said || `exit ${run.status}`}`);
      return `installed husky's hooks: core.hooksPath = ${action.dir}/_`;
    }
    case 'unset-hooks-path': {
      await runGit(repo.root, ['config', '--local', '--unset', 'core.hooksPath']);
      return `removed core.hooksPath = ${action.was} (resolved in each worktree, it named nothing in a linked one): git's own hooks dir serves every worktree`;
    }
    case 'copy-husky-dir': {
      const from = resolve(repo.root, action.dir, '_');
      cpSync(from, join(action.worktree, action.dir, '_'), { recursive: true });
      return `copied husky's hooks dir into the linked worktree ${action.worktree} (${action.dir}/_ was missing there, so git ran no hook in it)`;
    }
    case 'write-hook': {
      const file = resolve(repo.root, action.file);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, action.content);
      if (action.executable) chmodSync(file, 0o755);
      return `${action.created ? 'created' : 'added ssot-guard to'} ${action.file}`;
    }
    case 'set-prepare': {
      const packageJson = join(repo.root, action.packageDir, 'package.json');
      const text = readFileSync(packageJson, 'utf8');
      const json = JSON.parse(text) as { scripts?: Record<string, string> };
      (json.scripts ??= {})['prepare'] = action.script;
      // Keep the file's own indentation, as husky init does.
      writeFileSync(packageJson, `${JSON.stringify(json, null, /^\t/m.test(text) ? '\t' : 2)}\n`);
      return `set "prepare": "${action.script}" in ${relative(repo.root, packageJson) || 'package.json'} (hooks install on npm install)`;
    }
  }
}
