import type { Frames } from '../model/index.js';
import type { Reporter } from './reporter.js';

export type { Reporter, ReportOptions } from './reporter.js';

/** A reporter, loaded on demand (the hook prints text, and should not pay for SARIF), and the source lines it draws: the check reads no more. */
interface Entry {
  readonly load: () => Promise<Reporter>;
  readonly frames: Frames;
}

const REPORTERS: Record<string, Entry> = {
  text: { load: async () => (await import('./text-reporter.js')).textReporter, frames: 'violations' },
  json: { load: async () => (await import('./json-reporter.js')).jsonReporter, frames: 'none' },
  sarif: { load: async () => (await import('./sarif-reporter.js')).sarifReporter, frames: 'none' },
  github: { load: async () => (await import('./github-reporter.js')).githubReporter, frames: 'none' },
  html: { load: async () => (await import('./html-reporter.js')).htmlReporter, frames: 'violations' },
};

export const REPORTER_NAMES = Object.keys(REPORTERS);

export function isReporterName(name: string): boolean {
  return Object.hasOwn(REPORTERS, name);
}

export function loadReporter(name: string): Promise<Reporter> {
  if (!isReporterName(name)) return Promise.reject(new Error(`unknown reporter "${name}"`));
  return REPORTERS[name]!.load();
}

/** What a check printed by this reporter needs of the source (every finding's lines for a name it does not know). */
export function framesOf(name: string): Frames {
  return isReporterName(name) ? REPORTERS[name]!.frames : 'findings';
}
