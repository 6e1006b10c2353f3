import { fileKindOf, isManifest, judgeableMode, type Config, type SnapshotEntry } from '../model/index.js';
import { globFilter } from '../rules/scope.js';

/**
 * The files a config has the engine read: what `include` names (less
 * `exclude`), and, when a rule is about scripts, every tsconfig.json and
 * package.json not excluded, since script resolution reads them. Shared by
 * the session (what a snapshot holds) and the watcher (what a save changes).
 * Paths repeat from check to check: each is matched once.
 */
export function judgedFiles(config: Config): (path: string) => boolean {
  const matches = globFilter(config.include, config.exclude);
  const notExcluded = globFilter(['**'], config.exclude);
  const manifests = config.rules.some((r) => r.language === 'script');
  const known = new Map<string, boolean>();
  return (path) => {
    let yes = known.get(path);
    if (yes === undefined) {
      yes = isManifest(fileKindOf(path)) ? manifests && notExcluded(path) : matches(path);
      known.set(path, yes);
    }
    return yes;
  };
}

/** Whether a snapshot's entry is judged: a file an extractor reads (not a link or a submodule) that the config includes. */
export function isJudged(entry: SnapshotEntry, included: (path: string) => boolean): boolean {
  return judgeableMode(entry.mode) && included(entry.path);
}
