import type { GitRepo } from '../git/repo.js';
import type { CheckResult, Config, FileFacts, RepoPath } from '../model/index.js';
import { FactStore } from '../facts/fact-store.js';
import { openFactCache } from '../facts/fact-cache.js';
import { FACTS_VERSION } from '../facts/facts-version.js';
import { explainFile } from '../rules/explain.js';
import { ruleErrorsOf } from '../rules/rule-errors.js';
import { renderExplanation } from '../cli/explain-text.js';
import { readGitStateKey } from '../daemon/git-state.js';
import { LiveWorktree } from '../daemon/live-worktree.js';
import { factCacheFile, gitSnapshotSource, judgmentsFile } from '../session/open-session.js';
import { keptJudgmentStore } from '../session/kept-judgment-store.js';
import { loadJudgments } from '../judgment/judgment-file.js';
import { overlaySource, type Overlay } from '../session/overlay-source.js';
import { Session } from '../session/session.js';

/** A verdict on the working tree with the open buffers' text, and the lines it names. */
export interface BufferVerdict {
  readonly result: CheckResult;
  readonly sourceLine: (file: RepoPath, line: number) => string | undefined;
}

/** The engine as the language server sees it: the working tree, with some files' content held in memory. */
export interface BufferIndex {
  readonly config: Config;
  /** The working tree judged as it is on disk, except that each file `overlay` names has the overlay's content. */
  judge(overlay: Overlay): Promise<BufferVerdict>;
  /** `explain` for one file of that same working tree, as the CLI prints it. */
  explain(overlay: Overlay, path: RepoPath): Promise<string>;
  /** Files on disk may have changed (a save, a watched-file event): git's view is read again. */
  diskChanged(): void;
  close(): void;
}

/**
 * The shared fact cache, read and never written: the facts of a buffer
 * being typed are of text no commit will hold, and a keystroke must not pay
 * a write. What the daemon and the CLI saved is what makes this warm.
 */
export function readOnlyFactStore(repo: GitRepo): FactStore {
  const file = factCacheFile(repo);
  return new FactStore({ open: () => openFactCache<FileFacts>(file, FACTS_VERSION), save: async () => {} }, { compact: true });
}

/**
 * One session over the working tree (git's view read once, then again only
 * when git moves or the disk changes), judged with the overlay laid over it.
 * Judgments are kept between verdicts, so a keystroke judges again only what
 * the edited file's reads touch. `facts` is shared by the indexes a config
 * edit replaces this one with.
 */
export function openBufferIndex(repo: GitRepo, config: Config, facts: FactStore): BufferIndex {
  const git = gitSnapshotSource(repo);
  const worktree = new LiveWorktree((include) => git.worktree(include, null));
  let overlay: Overlay = new Map();
  const source = overlaySource({ ...git, worktree: (include, since) => worktree.snapshot(include, since) }, () => overlay);
  // Kept in memory between verdicts (a keystroke judges from the last one), starting from HEAD's judgments a
  // one-shot check left on disk; never written back: a buffer's verdict is not HEAD's.
  const { file, key } = judgmentsFile(repo, config);
  const judgments = keptJudgmentStore(config, { load: () => loadJudgments(file, key, config), write: async () => {} }, 'process');
  const session = new Session(config, source, facts, judgments, 'findings');
  let gitState = '';
  let chain: Promise<unknown> = Promise.resolve();

  /** The session is not re-entrant: one call at a time, each with the overlay it was asked with. */
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => {
    const run = chain.then(job, job);
    chain = run.catch(() => {});
    return run;
  };
  /** A commit, `git add` or checkout moves git's view of the working tree (which files differ from the index). */
  const followGit = async (): Promise<void> => {
    const key = JSON.stringify(readGitStateKey(repo.gitDir, repo.commonDir));
    if (key !== gitState) worktree.invalidate();
    gitState = key;
  };

  return {
    config,
    judge: (next) =>
      exclusive(async () => {
        await followGit();
        overlay = next;
        return session.check('worktree');
      }),
    explain: (next, path) =>
      exclusive(async () => {
        await followGit();
        overlay = next;
        const { program, snapshot, reader } = await session.program('worktree');
        const entry = snapshot.entries.get(path);
        if (!entry) return `${path} is not a file ssot-guard judges (the config's include and exclude)\n`;
        const lines = (await reader.read(entry.sha)).toString('utf8').split(/\r?\n/);
        return renderExplanation(path, explainFile(config, program, path), (n) => lines[n - 1], ruleErrorsOf(config, program));
      }),
    diskChanged: () => worktree.invalidate(),
    close: () => {
      worktree.close();
      git.close();
    },
  };
}
