import { openRepo, type GitRepo } from '../git/repo.js';
import type { Config } from '../model/index.js';
import { openSession } from '../session/open-session.js';
import type { Session } from '../session/session.js';
import { UsageError } from './exit-codes.js';
import { oneRepoConfig } from './load-repo-config.js';

/** Repo + config (the one that governs here) + session for a command; not-a-repo and bad config become exit 2. */
export async function openRepoSession(configFile?: string): Promise<{ repo: GitRepo; config: Config; session: Session; close(): void }> {
  const repo = await openRepo(process.cwd()).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  const config = await oneRepoConfig(repo.root, process.cwd(), configFile);
  return { repo, config, ...openSession(repo, config, null, 'none') };
}
