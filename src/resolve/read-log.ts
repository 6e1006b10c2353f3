import type { RepoPath } from '../model/index.js';
import type { StringPool } from '../facts/compact-facts.js';

const NONE: readonly never[] = Object.freeze([]);
const list = <T>(set: ReadonlySet<T>): readonly T[] => (set.size ? [...set] : NONE);

/**
 * What one resolution looked at in its snapshot: every file whose facts it
 * read and every module name and top-level package it looked up. A result is
 * still right in another snapshot when none of these differ there, which is
 * how results survive from one check to the next (a save, a `git add`, HEAD
 * next to the index). Arrays, not sets: there are tens of thousands of these.
 */
export interface Reads {
  /** Files read whole (a file's own facts). */
  readonly files: readonly RepoPath[];
  /** path, name, path, name...: one name of another module read (its bindings, or `*` for its star exports). */
  readonly names: readonly string[];
  readonly modules: readonly string[];
  readonly tops: readonly string[];
}

/** One open recording; nested computations merge theirs into it when they finish. */
class Recording {
  readonly files = new Set<RepoPath>();
  readonly names = new Map<RepoPath, Set<string>>();

  addName(path: RepoPath, name: string): void {
    const set = this.names.get(path);
    if (set) set.add(name);
    else this.names.set(path, new Set([name]));
  }
  readonly modules = new Set<string>();
  readonly tops = new Set<string>();
  /** Results' reads already merged: a cached origin is replayed once per reference to it, and its reads are the same object each time. */
  private readonly merged = new Set<Reads>();

  merge(reads: Reads): void {
    if (this.merged.has(reads)) return;
    this.merged.add(reads);
    for (const f of reads.files) this.files.add(f);
    for (let i = 0; i < reads.names.length; i += 2) this.addName(reads.names[i] as RepoPath, reads.names[i + 1]!);
    for (const m of reads.modules) this.modules.add(m);
    for (const t of reads.tops) this.tops.add(t);
  }

  freeze(): Reads {
    const names: string[] = [];
    for (const [path, set] of this.names) for (const name of set) names.push(path, name);
    return { files: list(this.files), names: names.length ? names : NONE, modules: list(this.modules), tops: list(this.tops) };
  }
}

/** The union of several results' reads: what a verdict built from all of them depends on. */
export function mergeReads(all: Iterable<Reads>): Reads {
  const recording = new Recording();
  for (const reads of all) recording.merge(reads);
  return recording.freeze();
}

/** A stack of recordings: each read lands in the innermost one. */
export class ReadLog {
  private readonly stack: Recording[] = [];

  constructor(private readonly strings: StringPool) {}

  file(path: RepoPath): void {
    this.stack.at(-1)?.files.add(path);
  }

  /** One name of the module in `path`: what it is bound to or whether it is defined (or `*`, its star exports). */
  name(path: RepoPath, name: string): void {
    this.stack.at(-1)?.addName(path, name);
  }

  module(name: string): void {
    this.stack.at(-1)?.modules.add(this.strings.intern(name));
  }

  top(segment: string): void {
    this.stack.at(-1)?.tops.add(this.strings.intern(segment));
  }

  /** A cached result's reads count as reads of whatever is being computed now. */
  replay(reads: Reads): void {
    this.stack.at(-1)?.merge(reads);
  }

  /** Runs `compute` recording what it reads; the reads also count for the enclosing recording. */
  record<T>(compute: () => T): { value: T; reads: Reads } {
    const recording = new Recording();
    this.stack.push(recording);
    let value: T;
    try {
      value = compute();
    } finally {
      this.stack.pop();
    }
    const reads = recording.freeze();
    this.replay(reads);
    return { value, reads };
  }
}
