import type { RepoPath } from '../model/index.js';

/** Positions of a file list, remembered by the list: a daemon hands back the same list save after save. */
const positions = new WeakMap<readonly RepoPath[], ReadonlyMap<RepoPath, number>>();

/** Where each file stands in `files`. */
export function positionsIn(files: readonly RepoPath[]): ReadonlyMap<RepoPath, number> {
  let known = positions.get(files);
  if (!known) positions.set(files, (known = new Map(files.map((f, i) => [f, i]))));
  return known;
}

/** `some` (files of `files`) in the order of `files`, found without walking the whole list. */
export function inFileOrder(some: Iterable<RepoPath>, files: readonly RepoPath[]): RepoPath[] {
  const at = positionsIn(files);
  return [...some].sort((a, b) => at.get(a)! - at.get(b)!);
}
