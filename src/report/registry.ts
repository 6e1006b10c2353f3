import { githubReporter } from './github-reporter.js';
import { jsonReporter } from './json-reporter.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif-reporter.js';
import { textReporter } from './text-reporter.js';

export type { Reporter, ReportOptions } from './reporter.js';

const REPORTERS: Record<string, Reporter> = { text: textReporter, json: jsonReporter, sarif: sarifReporter, github: githubReporter };

export const REPORTER_NAMES = Object.keys(REPORTERS);

export function getReporter(name: string): Reporter | undefined {
  return Object.hasOwn(REPORTERS, name) ? REPORTERS[name] : undefined;
}
