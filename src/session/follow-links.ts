import { judgeableMode, SYMLINK, type BlobReader, type BlobSha, type Diagnostic, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import { asRepoPath } from '../model/index.js';

/** As Linux's MAXSYMLINKS: more links than this in one path is a loop to the OS too. */
const MAX_LINKS = 40;

/** A snapshot whose symbolic links in scope are read as the files they lead to, and those that lead nowhere judgeable. */
export interface FollowedSnapshot {
  readonly snapshot: Snapshot;
  /** One blocking diagnostic per link that could not be followed (out of the repository, to nothing, in a cycle). */
  readonly broken: readonly Diagnostic[];
  /** Whether any link in scope was met: judgments of such a snapshot must not be judged from git's list of changed paths alone. */
  readonly linked: boolean;
}

type Walk = { readonly path: RepoPath } | { readonly why: string };

const SNAPSHOT_NAME = { staged: 'the commit (the index)', head: 'HEAD', worktree: 'the working tree' } as const;

/**
 * Python imports a symbolic link's target under the link's path: `app/f.py`
 * linked to `lib/mixed.py` runs `lib/mixed.py`'s code as module `app.f`. So
 * each link `included` accepts becomes an entry with its target's blob and
 * mode, the target found in the same snapshot (relative to the link's
 * directory, through links in directories and chains of links), and is
 * judged like any file. A link whose content is not in the snapshot (a
 * target outside the repository, or not in it) or that loops is a blocking
 * diagnostic: its code would run unjudged. Snapshots with no link in scope
 * come back as they are.
 */
export async function followLinks(snapshot: Snapshot, included: (path: RepoPath) => boolean, reader: BlobReader): Promise<FollowedSnapshot> {
  let links: SnapshotEntry[] | null = null;
  for (const e of snapshot.entries.values()) if (e.mode === SYMLINK && included(e.path)) (links ??= []).push(e);
  if (!links) return { snapshot, broken: [], linked: false };
  const texts = new Map<BlobSha, string>();
  const textOf = async (sha: BlobSha): Promise<string> => {
    let text = texts.get(sha);
    if (text === undefined) texts.set(sha, (text = (await reader.read(sha)).toString('utf8')));
    return text;
  };
  const entries = new Map(snapshot.entries);
  const broken: Diagnostic[] = [];
  for (const link of links) {
    const where = await realPath(snapshot.entries, textOf, link.path);
    const target = 'path' in where ? snapshot.entries.get(where.path) : undefined;
    if (target && judgeableMode(target.mode)) {
      entries.set(link.path, { path: link.path, sha: target.sha, mode: target.mode });
      continue;
    }
    const text = await textOf(link.sha);
    const why = 'why' in where ? where.why : `${where.path} is not a file in ${SNAPSHOT_NAME[snapshot.kind]}`;
    broken.push({
      file: link.path, line: 1, column: 1, code: 'symlink',
      message:
        `symbolic link to ${JSON.stringify(text)}: ${why}, so the code Python would run under this path (its target's) is not in what is judged: this file was NOT checked; ` +
        'point the link at a file in the repository and stage that file too, replace the link by the file itself, or list the link under "exclude" in ssot-guard.config.json',
    });
  }
  return { snapshot: { ...snapshot, entries }, broken, linked: true };
}

/**
 * The path a link leads to, every link on the way (in a directory of the
 * target, or the target itself a link) replaced by where it leads, as the
 * OS resolves a path, but within the snapshot: what is outside the
 * repository is not there.
 */
async function realPath(entries: ReadonlyMap<RepoPath, SnapshotEntry>, textOf: (sha: BlobSha) => Promise<string>, link: RepoPath): Promise<Walk> {
  let expanded = 0;
  const walk = async (dir: string[], text: string, chain: readonly RepoPath[]): Promise<Walk | string[]> => {
    if (text.startsWith('/')) return { why: `${text} is outside the repository` };
    const out = [...dir];
    const parts = text.split('/');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (!out.length) return { why: 'it leads outside the repository' };
        out.pop();
        continue;
      }
      out.push(part);
      const here = asRepoPath(out.join('/'));
      const e = entries.get(here);
      if (e?.mode !== SYMLINK) {
        // A file with more of the path after it: as the OS says, not a directory.
        if (e && i < parts.length - 1 && parts.slice(i + 1).some((p) => p !== '' && p !== '.')) return { why: `${here} is a file, not a directory` };
        continue;
      }
      if (chain.includes(here)) return { why: `it is in a cycle of links (${[...chain.slice(chain.indexOf(here)), here].join(' -> ')})` };
      if (++expanded > MAX_LINKS) return { why: `more than ${MAX_LINKS} links on the way` };
      out.pop();
      const next = await walk(out, await textOf(e.sha), [...chain, here]);
      if (!Array.isArray(next)) return next;
      out.splice(0, out.length, ...next);
    }
    return out;
  };
  const self = entries.get(link)!;
  const dir = link.split('/').slice(0, -1);
  const found = await walk(dir, await textOf(self.sha), [link]);
  if (!Array.isArray(found)) return found;
  return found.length ? { path: asRepoPath(found.join('/')) } : { why: 'it leads to the top of the repository, a directory' };
}
