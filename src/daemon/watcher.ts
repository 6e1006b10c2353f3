import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Stats } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { asRepoPath, type RepoPath } from '../model/index.js';
import { coalesce } from './coalesce.js';

/** Our own vocabulary for what changed; nothing past this module knows chokidar. */
export type FileChange =
  /**
   * `recheck`: a path reported a moment ago, reported once more when
   * chokidar's throttle window has passed, so a write it swallowed is still
   * read; not an edit of its own.
   */
  | { readonly kind: 'file'; readonly type: 'add' | 'change' | 'unlink' | 'recheck'; readonly path: RepoPath }
  /** index, index.lock, HEAD, or a branch ref moved: the staged verdict may have changed. */
  | { readonly kind: 'git'; readonly file: 'index' | 'index.lock' | 'HEAD' | 'ref'; readonly exists: boolean };

export interface WatchTarget {
  readonly root: string;
  readonly gitDir: string;
  readonly commonDir: string;
  /** The config's include/exclude, applied to repo-relative POSIX paths. */
  readonly included: (path: string) => boolean;
  /** Repo-relative files watched although no include pattern names them (config, baseline). */
  readonly alsoWatch: ReadonlySet<string>;
}

type ChokidarEvent = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/** Quiet from the last event, just past chokidar's 50 ms change throttle: its window is the one that ends last. */
const CHOKIDAR_THROTTLE_PASSED = { quietMs: 51, maxWaitMs: 1000 } as const;

/** Directories never worth descending into: git's own, and dependency trees. */
const SKIP_DIRS = new Set(['.git', 'node_modules']);
/** A file name no include pattern targets: if exclude matches `<dir>/<probe>`, it matches everything under `<dir>`. */
const PROBE = '.ssot-guard-probe';

/**
 * Pure: is this path under the root outside what we judge? Directories are
 * pruned by name or when the excludes cover everything inside them.
 */
export function worktreeIgnored(target: WatchTarget, excludedDir: (dirPath: string) => boolean): (abs: string, stats?: Stats) => boolean {
  return (abs, stats) => {
    const rel = toPosix(relative(target.root, abs));
    if (rel === '') return false;
    if (rel.startsWith('..')) return true;
    const parts = rel.split('/');
    if (parts.some((p) => SKIP_DIRS.has(p))) return true;
    if (!stats) return false;
    if (stats.isDirectory()) return excludedDir(rel);
    return !target.included(rel) && !target.alsoWatch.has(rel);
  };
}

/** An exclude-only matcher used to prune directories (`**\/.venv/**`). */
export function excludedDirMatcher(exclude: (path: string) => boolean): (dir: string) => boolean {
  return (dir) => exclude(`${dir}/${PROBE}`);
}

/** Pure: chokidar's event on a working-tree path, as a FileChange (files we judge only). */
export function translateWorktreeEvent(event: ChokidarEvent, abs: string, target: WatchTarget): FileChange | null {
  if (event !== 'add' && event !== 'change' && event !== 'unlink') return null;
  const rel = toPosix(relative(target.root, abs));
  if (!rel || rel.startsWith('..') || (!target.included(rel) && !target.alsoWatch.has(rel))) return null;
  return { kind: 'file', type: event, path: asRepoPath(rel) };
}

/**
 * Pure: the paths a raw fs.watch event (chokidar's `raw`, which no throttle
 * holds back) may be about, of those just reported. A watch of a directory
 * names the entry; a watch of a file names the file itself. Only paths
 * already reported are answered, so a name that fits neither reading is never
 * taken for a file.
 */
export function rawEventPaths(target: WatchTarget, watchedPath: unknown, name: unknown, recent: ReadonlySet<RepoPath>): RepoPath[] {
  if (typeof watchedPath !== 'string' || !recent.size) return [];
  const candidates = typeof name === 'string' && name ? [resolve(watchedPath, name), watchedPath] : [watchedPath];
  return candidates.map((abs) => asRepoPath(toPosix(relative(target.root, abs)))).filter((rel) => recent.has(rel));
}

/** Pure: chokidar's event under the git dir, as a FileChange, or null for files the verdict does not depend on. */
export function translateGitEvent(event: ChokidarEvent, abs: string, target: WatchTarget): FileChange | null {
  if (event === 'addDir' || event === 'unlinkDir') return null;
  const exists = event !== 'unlink';
  if (dirname(abs) === target.gitDir) {
    const name = basename(abs);
    if (name === 'index' || name === 'index.lock' || name === 'HEAD') return { kind: 'git', file: name, exists };
  }
  const rel = toPosix(relative(target.commonDir, abs));
  if (rel === 'packed-refs' || rel.startsWith('refs/heads/') || rel.startsWith('reftable/')) return { kind: 'git', file: 'ref', exists };
  return null;
}

/** Pure: which paths under the git dirs the git watcher may look at. */
export function gitIgnored(target: WatchTarget): (abs: string) => boolean {
  return (abs) => {
    if (abs === target.gitDir || abs === target.commonDir) return false;
    if (dirname(abs) === target.gitDir && ['index', 'index.lock', 'HEAD'].includes(basename(abs))) return false;
    const rel = toPosix(relative(target.commonDir, abs));
    if (rel.startsWith('..')) return true;
    return !(rel === 'packed-refs' || rel === 'refs' || rel === 'refs/heads' || rel.startsWith('refs/heads/') || rel === 'reftable' || rel.startsWith('reftable/'));
  };
}

export interface RepoWatcher {
  /** Resolves once both watchers finished their initial scan. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Two chokidar watchers: the working tree (files we judge, so a save is parsed
 * at once) and the git dir (index, HEAD, refs: the staged verdict's inputs).
 */
export function watchRepo(target: WatchTarget, exclude: (path: string) => boolean, onChange: (change: FileChange) => void, onError: (err: Error) => void): RepoWatcher {
  const tree: FSWatcher = watch(target.root, {
    ignoreInitial: true,
    ignored: worktreeIgnored(target, excludedDirMatcher(exclude)),
  });
  const gitPaths = [...new Set([target.gitDir, target.commonDir])];
  const gitTree: FSWatcher = watch(gitPaths, { ignoreInitial: true, ignored: gitIgnored(target) });
  // chokidar drops a path's `change` events for 50 ms after one it emitted
  // (its throttle, not configurable): each changed path is reported once more
  // just after that window, so a write it swallowed is still read, and at
  // once on a raw fs.watch event for it (a second save within 50 ms is not
  // kept waiting for the window). A re-read of the same bytes changes nothing downstream.
  const swallowed = new Set<RepoPath>();
  const replay = coalesce(() => {
    const paths = [...swallowed];
    swallowed.clear();
    for (const path of paths) onChange({ kind: 'file', type: 'recheck', path });
  }, CHOKIDAR_THROTTLE_PASSED);
  tree.on('raw', (_event, name, details) => {
    for (const path of rawEventPaths(target, (details as { watchedPath?: unknown } | undefined)?.watchedPath, name, swallowed)) onChange({ kind: 'file', type: 'change', path });
  });
  tree.on('all', (event, path) => {
    const change = translateWorktreeEvent(event as ChokidarEvent, path, target);
    if (!change) return;
    onChange(change);
    if (change.kind === 'file' && change.type !== 'unlink') {
      swallowed.add(change.path);
      replay.poke();
    }
  });
  gitTree.on('all', (event, path) => {
    const change = translateGitEvent(event as ChokidarEvent, path, target);
    if (change) onChange(change);
  });
  tree.on('error', (e) => onError(e as Error));
  gitTree.on('error', (e) => onError(e as Error));
  const readyOf = (w: FSWatcher): Promise<void> => new Promise((resolve) => w.once('ready', () => resolve()));
  return {
    ready: Promise.all([readyOf(tree), readyOf(gitTree)]).then(() => {}),
    close: async () => {
      replay.cancel();
      await Promise.all([tree.close(), gitTree.close()]);
    },
  };
}
