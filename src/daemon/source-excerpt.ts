import type { CheckResult, RepoPath } from '../model/index.js';
import type { SourceExcerpt } from './protocol.js';

/**
 * Pure: the source lines a reporter may draw a code frame from (each
 * violation's line, its evidence lines, each diagnostic's line), so the client
 * prints the same report as the in-process path without reading blobs itself.
 */
export function sourceExcerpt(result: CheckResult, sourceLine: (file: RepoPath, line: number) => string | undefined): SourceExcerpt {
  const out: SourceExcerpt = {};
  const take = (file: RepoPath, line: number): void => {
    const text = sourceLine(file, line);
    if (text === undefined) return;
    (out[file] ??= {})[line] = text;
  };
  for (const v of result.violations) {
    take(v.file, v.line);
    for (const e of v.evidence) take(v.file, e.line);
  }
  for (const d of result.diagnostics) take(d.file, d.line);
  return out;
}
