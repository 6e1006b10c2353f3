import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blobSha } from '../../../src/facts/blob-sha.js';
import { FactStore } from '../../../src/facts/fact-store.js';
import { LiveWorktree } from '../../../src/daemon/live-worktree.js';
import { asRepoPath, type BlobSha, type CheckResult, type FactKey, type GitMode, type RepoPath, type Snapshot, type SnapshotEntry } from '../../../src/model/index.js';
import { keptJudgmentStore } from '../../../src/session/kept-judgment-store.js';
import { Session } from '../../../src/session/session.js';
import type { SnapshotSource } from '../../../src/session/snapshot-source.js';
import { BASE_FILES, makeConfig, makeRule } from '../../helpers/engine-fixture.js';

const MODE = '100644' as GitMode;
const LINK = '120000' as GitMode;
const CLEAN = 'from app.bridge import Bridge\n\ndef make():\n    return Bridge()\n';
const MIXED = 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager\n\ndef make():\n    return Bridge(), Manager()\n';

/** A working tree in memory: git's view of it is `files` as last read, and saves are told to the LiveWorktree as the daemon tells them. */
function memoryWorktree(initial: Record<string, string>) {
  const files: Record<string, string> = { ...initial };
  /** Paths that are symbolic links: their text is the target. */
  const links = new Set<string>();
  const blobs = new Map<BlobSha, Buffer>();
  const reader = { read: async (sha: BlobSha) => blobs.get(sha)!, candidateFile: () => null, close: () => {} };
  const entryOf = (path: string, text: string): SnapshotEntry => {
    const bytes = Buffer.from(text);
    const sha = blobSha(bytes);
    blobs.set(sha, bytes);
    return { path: asRepoPath(path), sha, mode: links.has(path) ? LINK : MODE };
  };
  let failNextGitRead = false;
  const read = (include: (path: RepoPath) => boolean): Snapshot => {
    const entries = new Map<RepoPath, SnapshotEntry>();
    for (const [p, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) if (include(asRepoPath(p))) entries.set(asRepoPath(p), entryOf(p, text));
    return { kind: 'worktree', entries, unmerged: [] };
  };
  let gitReads = 0;
  const live = new LiveWorktree(async (include) => {
    if (failNextGitRead) {
      failNextGitRead = false;
      throw new Error('git failed');
    }
    gitReads++;
    return { snapshot: read(include), reader };
  });
  const base = { staged: async () => read(() => true), head: async () => read(() => true), blobs: () => reader, onDiskFirst: () => reader, deltas: null };
  return {
    /** What the daemon's session reads: saves laid over git's view. */
    live: { ...base, worktree: (include, since) => live.snapshot(include, since) } satisfies SnapshotSource,
    /** The same working tree read afresh, as a one-shot check would. */
    fresh: { ...base, worktree: async (include) => ({ snapshot: read(include), reader, changedSince: null }) } satisfies SnapshotSource,
    save(path: string, text: string | null) {
      links.delete(path);
      if (text === null) delete files[path];
      else files[path] = text;
      live.saved(asRepoPath(path), text === null ? null : entryOf(path, text), text === null ? null : Buffer.from(text));
    },
    /** A symbolic link saved at `path`, to `target` (relative to the link's directory). */
    link(path: string, target: string) {
      links.add(path);
      files[path] = target;
      live.saved(asRepoPath(path), entryOf(path, target), Buffer.from(target));
    },
    gitMoved: () => live.invalidate(),
    /** The next read of git fails (a git process killed), once. */
    gitFailsOnce: () => void (failNextGitRead = true),
    files: () => Object.keys(files),
    get gitReads() {
      return gitReads;
    },
  };
}

/** A fact store that says how many facts each check made sure of: every file's when the tree was listed, a save's few when not. */
function countingStore(): { store: FactStore; ensured: number[] } {
  const store = new FactStore(null);
  const ensured: number[] = [];
  const ensure = store.ensure.bind(store);
  store.ensure = (keys: Iterable<FactKey>, ...rest) => {
    const all = [...keys];
    ensured.push(all.length);
    return ensure(all, ...rest);
  };
  return { store, ensured };
}

const verdict = (r: CheckResult) => ({ violations: r.violations, diagnostics: r.diagnostics, ruleErrors: r.ruleErrors, baseline: r.baseline, files: r.stats.files });

describe('a save judged from the last verdict (judged-from-saves.ts)', () => {
  const config = makeConfig([makeRule()]);
  /** The working tree as a one-shot check judges it, and how many facts that made sure of. */
  const freshCheck = async (tree: ReturnType<typeof memoryWorktree>) => {
    const { store, ensured } = countingStore();
    return { result: (await new Session(config, tree.fresh, store).check('worktree')).result, ensured: ensured[0]! };
  };
  const start = { ...BASE_FILES, 'app/agents/factory.py': CLEAN, 'app/agents/other.py': 'from app.agents.factory import make\n' };

  it('gives the verdict a fresh listing gives, making sure of the saved files\' facts alone', async () => {
    const tree = memoryWorktree(start);
    const { store, ensured } = countingStore();
    const session = new Session(config, tree.live, store, keptJudgmentStore(config, null, 'process'));
    const check = async () => {
      const got = (await session.check('worktree')).result;
      assert.deepEqual(verdict(got), verdict((await freshCheck(tree)).result));
      return got;
    };
    assert.equal((await check()).violations.length, 0);
    assert.equal(ensured.at(-1), (await freshCheck(tree)).ensured, 'the first check lists every file');

    tree.save('app/agents/factory.py', MIXED);
    assert.equal((await check()).violations.length, 1);
    // The saved file's blob before and after: nothing else is asked for.
    assert.equal(ensured.at(-1), 2);

    // A change to what the mixed file imports: judged again through the graph, not by listing.
    tree.save('app/legacy/ws.py', 'class Other:\n    pass\n');
    const removed = await check();
    assert.equal(ensured.at(-1), 2);
    assert.notDeepEqual(removed.violations.map((v) => v.message), [], 'the removed Manager is still reported');

    tree.save('app/legacy/ws.py', BASE_FILES['app/legacy/ws.py']!);
    tree.save('app/agents/factory.py', CLEAN);
    assert.equal((await check()).violations.length, 0);
    assert.equal(ensured.at(-1), 4);
    assert.equal(tree.gitReads, 1, 'git was read once, for the first check');
  });

  for (const [name, change] of [
    ['a file added', (t: ReturnType<typeof memoryWorktree>) => t.save('app/agents/new.py', MIXED)],
    ['a file removed', (t: ReturnType<typeof memoryWorktree>) => t.save('app/agents/other.py', null)],
    ['git moved (a branch switch, git add)', (t: ReturnType<typeof memoryWorktree>) => (t.save('app/agents/factory.py', MIXED), t.gitMoved())],
  ] as const) {
    it(`lists the working tree again after ${name}, with the same verdict as a fresh listing`, async () => {
      const tree = memoryWorktree(start);
      const { store, ensured } = countingStore();
      const session = new Session(config, tree.live, store, keptJudgmentStore(config, null, 'process'));
      await session.check('worktree');
      change(tree);
      const got = (await session.check('worktree')).result;
      const want = await freshCheck(tree);
      assert.deepEqual(verdict(got), verdict(want.result));
      assert.equal(ensured.at(-1), want.ensured, 'every file listed');
    });
  }

  it('lists again when the store\'s judgments are not the last verdict\'s (a commit moved HEAD: the store starts from HEAD\'s)', async () => {
    const tree = memoryWorktree(start);
    const { store, ensured } = countingStore();
    const judgments = keptJudgmentStore(config, null, 'process');
    const session = new Session(config, tree.live, store, judgments);
    await session.check('worktree');
    // What a commit's check keeps: the store then starts every kind from it.
    await judgments.save((await judgments.load('worktree'))!, null);
    tree.save('app/agents/factory.py', MIXED);
    assert.equal((await session.check('worktree')).result.violations.length, 1);
    assert.equal(ensured.at(-1), (await freshCheck(tree)).ensured);
  });

  it('a store that keeps no judgments past a check (a one-shot process) lists every time', async () => {
    const tree = memoryWorktree(start);
    const { store, ensured } = countingStore();
    const session = new Session(config, tree.live, store, keptJudgmentStore(config, null, 'check'));
    await session.check('worktree');
    tree.save('app/agents/factory.py', MIXED);
    assert.equal((await session.check('worktree')).result.violations.length, 1);
    assert.equal(ensured.at(-1), (await freshCheck(tree)).ensured);
  });

  it('a read of git that failed is asked again, not laid saves over', async () => {
    const tree = memoryWorktree(start);
    const session = new Session(config, tree.live, new FactStore(null), keptJudgmentStore(config, null, 'process'));
    await session.check('worktree');
    tree.save('app/agents/factory.py', MIXED);
    tree.gitMoved();
    tree.gitFailsOnce();
    await assert.rejects(session.check('worktree'), /git failed/);
    const got = (await session.check('worktree')).result;
    assert.deepEqual(verdict(got), verdict((await freshCheck(tree)).result));
    assert.equal(tree.gitReads, 2);
  });

  it('over a random run of saves, additions, removals, links and git moves, every verdict is a fresh listing\'s', async () => {
    const texts = [CLEAN, MIXED, '', 'from app.agents.factory import make\n', 'from app.legacy.ws import Manager\n', 'from app.legacy import ws\nws.Manager()\n', 'import app.bridge\n'];
    let seed = 7;
    const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    let fromSaves = 0;
    let checks = 0;
    for (let run = 0; run < 4; run++) {
      const tree = memoryWorktree(start);
      const { store, ensured } = countingStore();
      const session = new Session(config, tree.live, store, keptJudgmentStore(config, null, 'process'));
      await session.check('worktree');
      for (let step = 0; step < 25; step++) {
        const op = random(20);
        const agents = tree.files().filter((f) => f.startsWith('app/agents/') && f !== 'app/agents/__init__.py');
        if (op < 13) tree.save(agents[random(agents.length)]!, texts[random(texts.length)]!);
        else if (op < 15) tree.save(`app/agents/new${random(3)}.py`, texts[random(texts.length)]!);
        else if (op < 17 && agents.length > 1) tree.save(agents[random(agents.length)]!, null);
        else if (op === 17) tree.link(`app/agents/link${random(2)}.py`, 'factory.py');
        else tree.gitMoved();
        const got = (await session.check('worktree')).result;
        const want = await freshCheck(tree);
        assert.deepEqual(verdict(got), verdict(want.result), `run ${run}, step ${step}`);
        checks++;
        if (ensured.at(-1)! < want.ensured) fromSaves++;
      }
    }
    // The run is worth something only if saves were judged from the last verdict, not listed every time.
    assert.ok(fromSaves > checks / 4, `${fromSaves} of ${checks} checks judged from saves`);
  });
});
