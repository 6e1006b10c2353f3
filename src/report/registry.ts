import type { Frames } from '../model/index.js';
import type { Reporter } from './reporter.js';

export type { Reporter, ReportOptions } from './reporter.js';

/** Loaded on demand: the hook prints text, and should not pay for SARIF. */
const REPORTERS: Record<string, () => Promise<Reporter>> = {
  text: async () => (await import('./text-reporter.js')).textReporter,
  json: async () => (await import('./json-reporter.js')).jsonReporter,
  sarif: async () => (await import('./sarif-reporter.js')).sarifReporter,
  github: async () => (await import('./github-reporter.js')).githubReporter,
  html: async () => (await import('./html-reporter.js')).htmlReporter,
};

export const REPORTER_NAMES = Object.keys(REPORTERS);

/** The source lines each reporter draws: the check reads no more than that. */
const FRAMES: Record<string, Frames> = { text: 'violations', json: 'none', sarif: 'none', github: 'none', html: 'violations' };

/** What a check printed by this reporter needs of the source. */
export function framesOf(name: string): Frames {
  return FRAMES[name] ?? 'findings';
}

export function isReporterName(name: string): boolean {
  return Object.hasOwn(REPORTERS, name);
}

export function loadReporter(name: string): Promise<Reporter> {
  if (!isReporterName(name)) return Promise.reject(new Error(`unknown reporter "${name}"`));
  return REPORTERS[name]!();
}
