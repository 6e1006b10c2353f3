import type { CheckResult } from '../model/index.js';
import { sameVerdict } from '../daemon/warm-index.js';
import { errorLine, ndjsonLine, verdictLines, watchingLine, type WatchEvent } from './format-lines.js';
import { renderWatchScreen, type WatchState } from './render-verdict.js';

/** screen: a terminal, redrawn whole; lines: plain appended lines; json: NDJSON events. */
export type ViewMode = 'screen' | 'lines' | 'json';

export interface WatchViewOptions {
  readonly mode: ViewMode;
  /** Only the screen is ever coloured. */
  readonly color: boolean;
  readonly root: string;
  readonly write: (text: string) => void;
  readonly now?: () => Date;
}

export interface WatchView {
  /** A verdict source is ready (`daemon pid 123`, `in-process`): every change from now on is shown. */
  watching(source: string): void;
  verdict(result: CheckResult, latencyMs: number | null): void;
  /** Shown until replaced; null clears it. */
  error(message: string | null): void;
  /** Gives the terminal its cursor back. */
  end(): void;
}

const CLEAR = '\x1b[2J\x1b[H';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * What watch mode shows, whoever computes the verdicts. The screen is redrawn
 * on every verdict (its latency and time are news); lines and NDJSON get one
 * entry per verdict that differs from the last one of its snapshot.
 */
export function createWatchView(options: WatchViewOptions): WatchView {
  const { mode, root, write } = options;
  const now = options.now ?? (() => new Date());
  let state: WatchState = { worktree: null, staged: null, latencyMs: null, updatedAt: null, error: null, source: null };

  const redraw = (): void => {
    const body = state.worktree || state.staged
      ? renderWatchScreen(state, { color: options.color })
      : `ssot-guard watch: indexing ${root}…\n${state.error ? `${errorLine(state.error)}\n` : ''}`;
    write(`${CLEAR}${body}`);
  };
  const append = (event: WatchEvent, lines: () => string[]): void => write(mode === 'json' ? `${ndjsonLine(event)}\n` : `${lines().join('\n')}\n`);

  if (mode === 'screen') {
    write(HIDE_CURSOR);
    redraw();
  }
  return {
    watching(source) {
      state = { ...state, source };
      if (mode === 'screen') redraw();
      else append({ event: 'watching', root, source }, () => [watchingLine(root, source)]);
    },
    verdict(result, latencyMs) {
      if (result.snapshot === 'head') return;
      const changed = !sameVerdict(state[result.snapshot], result);
      state = { ...state, [result.snapshot]: result, latencyMs, updatedAt: now() };
      if (mode === 'screen') redraw();
      else if (changed) append({ event: 'verdict', result, latencyMs }, () => verdictLines(result, latencyMs));
    },
    error(message) {
      if (message === state.error) return;
      state = { ...state, error: message };
      if (mode === 'screen') redraw();
      else if (message !== null) append({ event: 'error', message }, () => [errorLine(message)]);
    },
    end() {
      if (mode === 'screen') write(SHOW_CURSOR);
    },
  };
}
