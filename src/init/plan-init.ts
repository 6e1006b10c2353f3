import { dispatcher, isDispatcher, withBlock, withGuard, worktreeHooksBlock } from './hook-block.js';

/** The hooks husky's runner serves (husky 9's list): the dispatchers of git's own hooks dir serve the same. */
export const HUSKY_HOOKS = [
  'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'applypatch-msg', 'pre-applypatch',
  'post-applypatch', 'pre-rebase', 'post-rewrite', 'post-checkout', 'post-merge', 'pre-push', 'pre-auto-gc',
] as const;

/** What `init` found, gathered by the command; everything here is relative to the work tree root unless said. */
export interface InitFacts {
  /** `core.hooksPath` as configured, or null. */
  readonly hooksPath: string | null;
  /**
   * True when hooksPath is husky 9's `<dir>/_`: it holds husky's `h` runner here or in another worktree
   * (the dir is git-ignored, so a linked worktree may have none).
   */
  readonly hooksPathIsHusky: boolean;
  /** Whether husky's runner (`<hooksPath>/h`) is in this worktree. */
  readonly huskyDirHere: boolean;
  /** Whether hooksPath is set in this repository's own config (not the user's or the system's). */
  readonly hooksPathLocal: boolean;
  /** git's own hooks dir, `<git-common-dir>/hooks` (absolute): the one every worktree of the clone uses when no hooksPath is set. */
  readonly gitHooksDir: string;
  /** The files of gitHooksDir `init` may write (HUSKY_HOOKS), with their content or null. */
  readonly gitHooks: ReadonlyMap<string, string | null>;
  /** The other worktrees of this repository (absolute roots), each with whether husky's runner is there. */
  readonly otherWorktrees: readonly { readonly root: string; readonly huskyDir: boolean }[];
  /** Directory of the nearest package.json from cwd up to the root ('' = the root), or null for none. */
  readonly packageDir: string | null;
  /** That package.json's `scripts.prepare`, if any. */
  readonly prepareScript: string | null;
  /** Content of the hook file `init` would extend (read by the command once the plan named it), keyed by its path. */
  readonly hookFiles: ReadonlyMap<string, string | null>;
  /** `<gitDir>/hooks/pre-commit`: a hook git runs today when no hooksPath is set (path and content), or null. */
  readonly gitHooksPreCommit: { readonly path: string; readonly content: string } | null;
  /** Where a project install puts the guard's hook program, relative to the root: `<packageDir>/node_modules/.bin/ssot-guard-pre-commit`. */
  readonly localBin: string;
  readonly configExists: boolean;
}

export type InitAction =
  | { readonly kind: 'write-config' }
  /** Run husky's installer from the root: it creates `<dir>/_` and sets core.hooksPath to it. */
  | { readonly kind: 'install-husky'; readonly dir: string }
  /** Remove the core.hooksPath an earlier init set (`.husky/_`, relative): git's own hooks dir serves every worktree instead. */
  | { readonly kind: 'unset-hooks-path'; readonly was: string }
  /** Copy this worktree's husky hooks dir (`<dir>/_`) into another worktree (absolute root) that has none. */
  | { readonly kind: 'copy-husky-dir'; readonly dir: string; readonly worktree: string }
  | { readonly kind: 'write-hook'; readonly file: string; readonly content: string; readonly created: boolean; readonly executable: boolean }
  /** In the package.json of `packageDir` (relative to the root). */
  | { readonly kind: 'set-prepare'; readonly packageDir: string; readonly script: string };

export type InitPlan =
  | { readonly ok: true; readonly actions: readonly InitAction[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly actions: readonly InitAction[]; readonly reason: string };

export type HookTarget =
  /** husky's layout (a package.json whose prepare runs husky): `<dir>/pre-commit`, run through `<dir>/_`. */
  | { readonly kind: 'husky'; readonly dir: string; readonly install: boolean }
  /**
   * No package.json: the hook files are `<dir>/pre-commit` as in husky's layout, run by dispatchers in
   * git's own hooks dir, which every worktree of the clone uses (`migrate`: an earlier init's relative
   * core.hooksPath goes).
   */
  | { readonly kind: 'git-hooks'; readonly dir: string; readonly migrate: string | null }
  | { readonly kind: 'plain'; readonly file: string }
  | { readonly kind: 'pre-commit-framework'; readonly file: string };

/**
 * Which hook file the guard goes into, and how: the one decision `init` makes. Pure.
 *
 * Linked worktrees decide it. A relative core.hooksPath is resolved in each
 * worktree, and husky's `<dir>/_` is git-ignored, so a worktree without it
 * runs no hook, silently. Where ssot-guard owns the setting (no package.json,
 * so no husky prepare sets it again) it sets none: git's own hooks dir is in
 * the common git dir, the same for every worktree, found wherever the
 * repository moves (an absolute hooksPath would break, silently, when it
 * moves). Where husky owns it, its prepare resets it to the relative path on
 * every install, so the husky dir itself is brought to each worktree instead.
 */
export function hookTarget(f: Pick<InitFacts, 'hooksPath' | 'hooksPathIsHusky' | 'hooksPathLocal' | 'huskyDirHere' | 'packageDir' | 'gitHooksPreCommit'>): HookTarget {
  // What an earlier init set in a repository with no package.json: nothing else will set it again.
  if (f.hooksPath === '.husky/_' && f.hooksPathLocal && f.packageDir === null) return { kind: 'git-hooks', dir: '.husky', migrate: f.hooksPath };
  if (f.hooksPath && f.hooksPathIsHusky) return { kind: 'husky', dir: parentOf(f.hooksPath), install: !f.huskyDirHere };
  // Any other hooks dir (husky 8's `.husky`, a team's `.githooks`): its pre-commit is the hook.
  if (f.hooksPath) return { kind: 'plain', file: `${f.hooksPath.replace(/\/+$/, '')}/pre-commit` };
  const existing = f.gitHooksPreCommit;
  if (existing && isDispatcher(existing.content)) return { kind: 'git-hooks', dir: '.husky', migrate: null };
  if (existing && isPreCommitFramework(existing.content)) return { kind: 'pre-commit-framework', file: existing.path };
  // Switching to core.hooksPath would silently disable a hook git runs today: extend that one instead.
  if (existing) return { kind: 'plain', file: existing.path };
  if (f.packageDir === null) return { kind: 'git-hooks', dir: '.husky', migrate: null };
  return { kind: 'husky', dir: f.packageDir ? `${f.packageDir}/.husky` : '.husky', install: true };
}

/**
 * The hook files the guard goes into: pre-commit, and pre-merge-commit beside
 * it, since a merge without conflicts commits through that hook alone (and a
 * merge of two clean branches can still make the mix).
 */
export function hookFilesFor(target: HookTarget): readonly string[] {
  const preCommit = target.kind === 'husky' || target.kind === 'git-hooks' ? `${target.dir}/pre-commit` : target.file;
  const files = [preCommit, preCommit.replace(/pre-commit$/, 'pre-merge-commit')];
  // husky's post-checkout gives a new linked worktree husky's hooks dir (worktreeHooksBlock).
  return target.kind === 'husky' ? [...files, `${target.dir}/post-checkout`] : files;
}

/** Everything `init` will do, or why it will not wire the hook. Running it twice plans nothing the second time. */
export function planInit(f: InitFacts): InitPlan {
  const actions: InitAction[] = [];
  const notes: string[] = [];
  if (!f.configExists) actions.push({ kind: 'write-config' });
  const target = hookTarget(f);
  if (target.kind === 'pre-commit-framework') {
    return { ok: false, actions, reason: preCommitFrameworkReason(target.file) };
  }
  if (target.kind === 'husky' && target.install) actions.push({ kind: 'install-husky', dir: target.dir });
  if (target.kind === 'git-hooks' && target.migrate) actions.push({ kind: 'unset-hooks-path', was: target.migrate });
  if (target.kind === 'git-hooks') {
    for (const name of HUSKY_HOOKS) {
      const file = `${f.gitHooksDir}/${name}`;
      const existing = f.gitHooks.get(name) ?? null;
      // A hook of someone else's there stays: git ran it before (or, under the old hooksPath, it was not run) and still does.
      if (existing === null) actions.push({ kind: 'write-hook', file, content: dispatcher(target.dir), created: true, executable: true });
      else if ((name === 'pre-commit' || name === 'pre-merge-commit') && !isDispatcher(existing)) {
        // A commit runs this hook and no dispatcher: one of someone else's here gets the guard itself. (It is
        // here beside an earlier init's hooksPath, which git ran instead; once that setting goes, git runs this.)
        if (isPreCommitFramework(existing)) return { ok: false, actions, reason: preCommitFrameworkReason(file) };
        const content = withGuard(existing, f.localBin, true);
        if (content === null) return { ok: false, actions, reason: `${file} ends by exec or exit, so a line added after it would never run: add the ssot-guard lines before it yourself` };
        if (content !== existing) actions.push({ kind: 'write-hook', file, content, created: false, executable: true });
      }
      else if (isDispatcher(existing) && existing !== dispatcher(target.dir)) actions.push({ kind: 'write-hook', file, content: dispatcher(target.dir), created: false, executable: true });
    }
  }
  for (const file of hookFilesFor(target)) {
    const existing = f.hookFiles.get(file) ?? null;
    // husky runs its hook files with `sh -e`: no shebang or mode needed. A plain hooks dir needs both.
    const content = file.endsWith('/post-checkout') && target.kind === 'husky'
      ? withBlock(existing, worktreeHooksBlock(target.dir), false)
      : withGuard(existing, f.localBin, target.kind === 'plain');
    if (content === null) {
      return { ok: false, actions, reason: `${file} ends by exec or exit, so a line added after it would never run: add the ssot-guard lines before it yourself (run "ssot-guard init" on a copy without that line to see them)` };
    }
    if (content !== existing) actions.push({ kind: 'write-hook', file, content, created: existing === null, executable: target.kind === 'plain' });
  }
  if (target.kind === 'husky' && f.packageDir !== null) {
    const husky = f.packageDir ? `cd ${'../'.repeat(f.packageDir.split('/').length).replace(/\/$/, '')} && husky ${target.dir}` : 'husky';
    if (!f.prepareScript) actions.push({ kind: 'set-prepare', packageDir: f.packageDir, script: husky });
    else if (!/\bhusky\b/.test(f.prepareScript)) actions.push({ kind: 'set-prepare', packageDir: f.packageDir, script: `${f.prepareScript} && ${husky}` });
  }
  if (target.kind === 'husky') {
    for (const wt of f.otherWorktrees) if (!wt.huskyDir) actions.push({ kind: 'copy-husky-dir', dir: target.dir, worktree: wt.root });
    notes.push(
      `linked worktrees: husky keeps its hooks dir (${target.dir}/_, what core.hooksPath names, relative to each worktree) out of git, and its prepare sets that path again on every npm install, ` +
        `so a worktree without that dir runs no hook at all, silently. ${target.dir}/post-checkout (commit it) copies it into each worktree "git worktree add" makes; ` +
        'one made with --no-checkout, or by a tool that runs no hooks, has none until "ssot-guard init" (or npm ci) runs in it; "ssot-guard check" there warns.',
    );
  }
  if (target.kind === 'husky' && f.packageDir === null) {
    notes.push('no package.json: each clone runs "ssot-guard init" once to set core.hooksPath (husky\'s hooks dir is not committed)');
  }
  if (target.kind === 'git-hooks') {
    notes.push(`no package.json: the hooks are in git's own hooks dir (${f.gitHooksDir}), which every worktree of this clone uses; each clone runs "ssot-guard init" once`);
  }
  return { ok: true, actions, notes };
}

/** The hook the pre-commit framework installs (its `pre-commit install` writes it again, so ours would not last). */
function isPreCommitFramework(hook: string): boolean {
  return /pre-commit\.com|generated by pre-commit/i.test(hook);
}

function preCommitFrameworkReason(file: string): string {
  return (
    `${file} is managed by the pre-commit framework; add ssot-guard there instead, in .pre-commit-config.yaml:\n` +
    '  - repo: local\n    hooks:\n      - id: ssot-guard\n        name: ssot-guard\n        entry: npx ssot-guard check --staged\n        language: system\n        pass_filenames: false\n        always_run: true'
  );
}

function parentOf(path: string): string {
  const parts = path.replace(/\/+$/, '').split('/');
  parts.pop();
  return parts.join('/') || '.';
}
