import { resolve } from 'node:path';
import { openRepo, type GitRepo } from '../git/repo.js';
import type { CheckResult, Config } from '../model/index.js';
import { subscribeDaemon } from '../client/subscribe-daemon.js';
import { fileHash } from '../daemon/identity.js';
import { createLiveIndex, type LiveIndex } from '../daemon/live-index.js';
import { createWatchView, type WatchView } from '../watch/watch-view.js';
import { EXIT, UsageError } from './exit-codes.js';
import { oneRepoConfig } from './load-repo-config.js';
import { packageVersion } from '../config/package-version.js';
import { parseCommandArgs } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';
import { colorOn, colorWanted } from './color-choice.js';

/** How long a daemon gets to answer `subscribe`; none at all is known at once (no state file, no socket). */
const DAEMON_ANSWER_MS = 500;
/** Closing waits this long for watchers and the fact cache, then exits anyway. */
const CLOSE_MS = 3000;

interface WatchArgs {
  readonly format: 'text' | 'json';
  readonly config: string | undefined;
  readonly color: 'auto' | 'always' | 'never';
  readonly daemon: boolean;
}

/**
 * `ssot-guard watch`: the working-tree and staged verdicts, live, until
 * SIGINT or SIGTERM (exit 0). From the daemon's `subscribe` stream when one
 * serves this worktree, else from a live index in this process; a daemon that
 * goes away is replaced by a successor or by the in-process index, and the
 * view says so.
 *
 * Latency shown: from the first file or git event of a burst to its verdict,
 * measured where the watcher runs (the daemon sends it with each verdict).
 */
export async function runWatch(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseWatchArgs(argv, env);
  if (!args) return EXIT.ok;
  const repo = await openRepo(process.cwd()).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  let rules = await loadRules(repo, args.config);
  const out = process.stdout;
  const mode = args.format === 'json' ? 'json' : out.isTTY ? 'screen' : 'lines';
  const view = createWatchView({ mode, color: mode === 'screen' && colorOn(args.color, out), root: repo.root, write: (text) => void out.write(text) });
  const stopped = stopSignal();
  try {
    if (args.daemon) {
      const followed = await followDaemon(repo, view, stopped);
      if (followed === 'stopped') return EXIT.ok;
      if (followed) {
        view.error(`${followed}: watching in-process`);
        // It may have gone because the config changed: judge by the one on disk now, if it loads.
        rules = await loadRules(repo, args.config).catch((err: Error) => {
          view.error(`${followed}: watching in-process with the config loaded at start: ${err.message}`);
          return rules;
        });
      }
    }
    await watchInProcess(repo, rules, args, view, stopped, env);
    return EXIT.ok;
  } finally {
    view.end();
    // Whatever is left (a git child, a socket) must not keep a stopped watch alive.
    setTimeout(() => process.exit(process.exitCode ?? EXIT.ok), CLOSE_MS).unref();
  }
}

const WATCH = {
  name: 'watch',
  usage: COMMAND_USAGE.watch,
  options: { format: { type: 'string' }, config: { type: 'string' }, 'no-color': { type: 'boolean' }, 'no-daemon': { type: 'boolean' } },
  positionals: false,
} as const;

function parseWatchArgs(argv: string[], env: NodeJS.ProcessEnv): WatchArgs | null {
  const parsed = parseCommandArgs(WATCH, argv);
  if (!parsed) return null;
  const { values } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (text, json)`);
  return {
    format,
    config: values.config,
    color: colorWanted(Boolean(values['no-color']), env),
    // The daemon judges with the repository's own config only.
    daemon: !values['no-daemon'] && env['SSOT_GUARD_NO_DAEMON'] !== '1' && values.config === undefined,
  };
}

/** Resolves on SIGINT, SIGTERM, or a reader that went away (EPIPE); a second SIGINT kills at once. */
function stopSignal(): Promise<void> {
  return new Promise((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
    process.stdout.on('error', () => done());
  });
}

/**
 * Shows the daemon's verdicts until we are stopped ('stopped'), or the daemon
 * goes and no successor answers (why, for the view), or no daemon answered
 * in the first place (null).
 */
async function followDaemon(repo: GitRepo, view: WatchView, stopped: Promise<void>): Promise<'stopped' | string | null> {
  let lost: string | null = null;
  // The daemon we find, then one successor (a `daemon restart`, a hook that launched a fresh one).
  for (let attempt = 0; attempt < 2; attempt++) {
    const feed = await subscribeDaemon(repo, { toolVersion: packageVersion(), timeoutMs: DAEMON_ANSWER_MS, onVerdict: (result, latencyMs) => view.verdict(result, latencyMs) });
    if (!feed.subscribed) {
      if (process.env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard watch: no daemon verdicts (${feed.reason})\n`);
      return lost;
    }
    view.watching(`daemon pid ${feed.pid}`);
    const ended = await Promise.race([feed.ended, stopped.then(() => null)]);
    if (ended === null) {
      feed.close();
      return 'stopped';
    }
    lost = `daemon pid ${feed.pid} stopped (${ended})`;
  }
  return lost;
}

interface Rules {
  readonly config: Config;
  /** Of the file's bytes when it was loaded: a change event with the same bytes is no change. */
  readonly hash: string | null;
}

/** The config as `check` loads it (exit 2 with every bad field), and which bytes it came from. */
async function loadRules(repo: GitRepo, explicit: string | undefined): Promise<Rules> {
  const config = await oneRepoConfig(repo.root, process.cwd(), explicit);
  return { config, hash: fileHash(resolve(repo.root, config.file)) };
}

/** A live index in this process, rebuilt when the config file changes, until stopped. */
async function watchInProcess(repo: GitRepo, initial: Rules, args: WatchArgs, view: WatchView, stopped: Promise<void>, env: NodeJS.ProcessEnv): Promise<void> {
  const debug = env['SSOT_GUARD_DEBUG'] ? (m: string) => void process.stderr.write(`ssot-guard watch: ${m}\n`) : () => {};
  let configHash = initial.hash;
  let configError = false;
  let reloads = Promise.resolve();

  const open = (config: Config): LiveIndex => {
    const live = createLiveIndex(repo, config, {
      log: debug,
      onError: (message) => view.error(message),
      // Computed by the same warm index the daemon runs; it is not one here.
      onVerdict: ({ result, latencyMs }) => view.verdict(inProcess(result), latencyMs),
      wantsWorktree: () => true,
      // Published for hooks by a daemon only: a watch in this process is no daemon a hook could find.
      onStagedVerdict: () => {},
      onConfigChange: () => {
        reloads = reloads.then(reload).catch((err: Error) => view.error(`config reload failed: ${err.message}`));
      },
    });
    void live.watching.then(() => view.watching('in-process'));
    void live.start();
    return live;
  };
  let live = open(initial.config);

  /** New rules, new index; a config that does not load leaves the old one running and says why. */
  const reload = async (): Promise<void> => {
    let next: Rules;
    try {
      next = await loadRules(repo, args.config);
    } catch (err) {
      configError = true;
      view.error(`config not reloaded, still judging with the previous one: ${(err as Error).message}`);
      return;
    }
    // Back to the bytes in use (an edit undone): nothing to rebuild, nothing wrong any more.
    if (next.hash === configHash) {
      if (configError) view.error(null);
      configError = false;
      return;
    }
    configHash = next.hash;
    configError = false;
    await live.close();
    view.error(null);
    live = open(next.config);
  };

  await stopped;
  await reloads;
  await Promise.race([live.close(), new Promise((done) => setTimeout(done, CLOSE_MS).unref())]);
}

function inProcess(result: CheckResult): CheckResult {
  return { ...result, stats: { ...result.stats, daemon: false } };
}
