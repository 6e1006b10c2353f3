import type { Snapshot } from '../model/index.js';

/**
 * Whether two reads of git hold the same files, blobs and modes (and the same
 * unmerged paths): a verdict is a pure function of that (and the config), so
 * one computed for either is the verdict of both, whatever else about the
 * index file changed (`git commit` rewrites its cache tree before running the
 * hook). Linear, allocation-free: cheap next to any re-evaluation.
 */
export function sameSnapshot(a: Snapshot | null, b: Snapshot | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.entries.size !== b.entries.size || a.unmerged.length !== b.unmerged.length) return false;
  for (let i = 0; i < a.unmerged.length; i++) if (a.unmerged[i] !== b.unmerged[i]) return false;
  for (const [path, e] of a.entries) {
    const other = b.entries.get(path);
    if (!other || other.sha !== e.sha || other.mode !== e.mode) return false;
  }
  return true;
}
