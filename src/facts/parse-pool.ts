import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FactKey, FileFacts } from '../model/index.js';
import { extractWith } from './guarded-extract.js';
import { loadExtractors } from './lazy-extractors.js';
import { splitFactKey } from './fact-key.js';

export interface ParseJob {
  /** Says which extractor reads the bytes, too. */
  readonly key: FactKey;
  readonly bytes: Buffer;
}

/** Below this much work, starting workers costs more than it saves. */
const IN_PROCESS_BYTES = 4 * 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;

/**
 * Parse many blobs, on one worker thread per core when there is enough work.
 * `onProgress(done, total)` lets the CLI draw a progress line without the pool printing.
 */
export async function parseAll(
  jobs: readonly ParseJob[],
  onProgress: (done: number, total: number) => void = () => {},
): Promise<Map<FactKey, FileFacts>> {
  const out = new Map<FactKey, FileFacts>();
  const total = jobs.reduce((n, j) => n + j.bytes.length, 0);
  const threads = Math.min(availableParallelism(), Math.ceil(total / BATCH_BYTES));
  if (total < IN_PROCESS_BYTES || threads < 2) {
    if (!jobs.length) return out;
    const extractors = await loadExtractors(jobs.map((j) => splitFactKey(j.key).kind));
    let done = 0;
    for (const j of jobs) {
      out.set(j.key, extractWith(extractors, j.bytes, splitFactKey(j.key).kind));
      onProgress(++done, jobs.length);
    }
    return out;
  }
  // Largest first, so one huge file does not become the tail of the run.
  const queue = [...jobs].sort((a, b) => b.bytes.length - a.bytes.length);
  const batches: ParseJob[][] = [];
  let current: ParseJob[] = [];
  let size = 0;
  for (const j of queue) {
    current.push(j);
    size += j.bytes.length;
    if (size >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length) batches.push(current);
  let done = 0;
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  const run = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const next = (): void => {
        const batch = batches.shift();
        if (!batch) return resolve();
        worker.postMessage(batch.map((j) => ({ key: j.key, bytes: j.bytes })));
      };
      worker.on('message', (results: Array<{ key: FactKey; facts: FileFacts }>) => {
        for (const r of results) out.set(r.key, r.facts);
        done += results.length;
        onProgress(done, jobs.length);
        next();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`parse worker exited with code ${code}`))));
      next();
    });
  // Loaded only here: a check that parses a file or two in-process never pays for the module.
  const { Worker: ParseWorker } = await import('node:worker_threads');
  const workers = Array.from({ length: threads }, () => new ParseWorker(workerUrl));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
