import type { Baseline, BaselineEntry } from './baseline-model.js';
import { EMPTY_BASELINE } from './baseline-model.js';

/** Stable, diff-friendly text: one entry per line group, sorted, trailing newline. */
export function formatBaseline(baseline: Baseline): string {
  const entries = baseline.entries.map((e) => `    ${JSON.stringify(e)}`);
  return `{\n  "version": 1,\n  "entries": [\n${entries.join(',\n')}${entries.length ? '\n' : ''}  ]\n}\n`;
}

/** A malformed baseline file is bad input: exit 2, like a bad config. */
export class BaselineError extends Error {
  readonly exitCode = 2;
}

/** Parses a baseline; a malformed one is an error with the reason (exit 2), never silently empty. */
export function parseBaseline(text: string | null, file: string): Baseline {
  if (text === null) return EMPTY_BASELINE;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const obj = raw as { version?: unknown; entries?: unknown };
  if (obj?.version !== 1 || !Array.isArray(obj.entries)) throw new BaselineError(`${file}: expected { "version": 1, "entries": [...] }`);
  obj.entries.forEach((e: Partial<BaselineEntry>, i: number) => {
    if (typeof e?.fingerprint !== 'string' || typeof e.count !== 'number' || e.count < 1 || !Number.isInteger(e.count)) {
      throw new BaselineError(`${file}: /entries/${i}: needs a string "fingerprint" and a positive integer "count"`);
    }
  });
  return obj as Baseline;
}
