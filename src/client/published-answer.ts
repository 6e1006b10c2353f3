import { readFileSync } from 'node:fs';
import { samePath } from '../fs/same-path.js';
import { statKey } from '../fs/stat-identity.js';
import { readOwnFile } from '../fs/owned-file-sync.js';
import { readGitStateKey } from '../daemon/git-state.js';
import type { DaemonPaths } from '../daemon/paths.js';
import { pidAlive, type DaemonState } from '../daemon/state-file.js';
import { MAX_PUBLISHED_BYTES, parsePublishedVerdict, publishedVerdictProblem } from '../daemon/published-verdict.js';
import type { ClientRepo } from './find-repo.js';

function bytesOnDisk(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/**
 * The staged verdict the daemon the state file names published (published-
 * verdict.ts), when it is the answer that daemon would give now: its answer,
 * still to be checked as any daemon answer is (ask-daemon.ts). Otherwise why
 * not, and the hook asks the socket. A few small reads, no connection; the
 * file and its directory are this user's alone (locate-daemon.ts checked the
 * directory when it read the state file beside it).
 */
export function publishedAnswer(repo: ClientRepo, paths: DaemonPaths, state: DaemonState, toolVersion: string): { readonly answer: unknown } | { readonly reason: string } {
  const read = readOwnFile(paths.verdict, { maxBytes: MAX_PUBLISHED_BYTES, what: 'a published verdict' }, 'owner');
  if ('reason' in read) return { reason: read.reason };
  const published = parsePublishedVerdict(read.bytes.toString('utf8'));
  if (!published) return { reason: `${paths.verdict} is not a published verdict of this version` };
  const problem = publishedVerdictProblem(published, {
    daemon: state,
    alive: pidAlive(state.pid),
    toolVersion,
    root: repo.root,
    sameGitDir: samePath(published.gitDir, repo.gitDir),
    config: bytesOnDisk(paths.config),
    lockfileStats: published.lockfiles.map((l) => statKey(l.file)),
    key: readGitStateKey(published.gitDir, published.commonDir),
  });
  return problem ? { reason: problem } : { answer: published.answer };
}
