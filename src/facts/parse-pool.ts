import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FactKey, FileFacts } from '../model/index.js';
import { decodeRecord, type EncodedRecord } from './fact-cache-format.js';
import { loadExtractors } from './lazy-extractors.js';
import { splitFactKey } from './fact-key.js';
import { parseJob, type ParsedBlob, type ParseJob } from './parse-job.js';

export type { ParsedBlob, ParseJob } from './parse-job.js';

/** What a pool run made of its jobs. */
export interface Parsed {
  readonly blobs: Map<FactKey, ParsedBlob>;
  /** Jobs by file whose file did not hold the key's blob: to be read from git and parsed from bytes. */
  readonly unread: readonly FactKey[];
}

/** Below this much work, starting workers costs more than it saves. */
const IN_PROCESS_BYTES = 4 * 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;
/** A job by file counts as this much before it is read: the real corpus's mean file is 15 KB. */
const FILE_JOB_BYTES = 16 * 1024;

/**
 * Parse many blobs, on one worker thread per core when there is enough work.
 * `onProgress(done, total)` lets the CLI draw a progress line without the pool printing.
 */
export async function parseAll(jobs: readonly ParseJob[], onProgress: (done: number, total: number) => void = () => {}): Promise<Parsed> {
  const blobs = new Map<FactKey, ParsedBlob>();
  const unread: FactKey[] = [];
  const record = (key: FactKey, parsed: ParsedBlob | null): void => {
    if (parsed) blobs.set(key, parsed);
    else unread.push(key);
  };
  const total = jobs.reduce((n, j) => n + sizeOf(j), 0);
  const threads = Math.min(availableParallelism(), Math.ceil(total / BATCH_BYTES));
  if (total < IN_PROCESS_BYTES || threads < 2) {
    if (!jobs.length) return { blobs, unread };
    const extractors = await loadExtractors(jobs.map((j) => splitFactKey(j.key).kind));
    let done = 0;
    for (const j of jobs) {
      record(j.key, parseJob(extractors, j));
      onProgress(++done, jobs.length);
    }
    return { blobs, unread };
  }
  const batches = inBatches(jobs);
  let done = 0;
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  const run = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const next = (): void => {
        const batch = batches.shift();
        if (!batch) return resolve();
        worker.postMessage(batch);
      };
      worker.on('message', (results: Array<{ key: FactKey; record: EncodedRecord | null }>) => {
        for (const r of results) record(r.key, r.record && fromWorker(r.record));
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
  return { blobs, unread };
}

/** A worker's record, its facts decoded here: the structured clone of the facts themselves would cost the same, and the record is kept for the cache. */
function fromWorker(cloned: EncodedRecord): ParsedBlob {
  // A clone across threads arrives as a plain Uint8Array.
  const record = { ...cloned, bytes: Buffer.from(cloned.bytes.buffer, cloned.bytes.byteOffset, cloned.bytes.length) };
  const facts = decodeRecord<FileFacts>(record.bytes);
  if (facts === undefined) throw new Error(`internal: a parse worker's record of ${record.key} does not decode`);
  return { facts, record };
}

function sizeOf(job: ParseJob): number {
  return 'bytes' in job ? job.bytes.length : FILE_JOB_BYTES;
}

/**
 * About BATCH_BYTES each. Jobs in hand go largest first, so one huge file
 * does not become the tail of the run; jobs by file are of unknown size
 * until read, and come after in small batches that keep both workers busy.
 */
function inBatches(jobs: readonly ParseJob[]): ParseJob[][] {
  const queue = [...jobs].sort((a, b) => ('bytes' in b ? b.bytes.length : -1) - ('bytes' in a ? a.bytes.length : -1));
  const batches: ParseJob[][] = [];
  let current: ParseJob[] = [];
  let size = 0;
  for (const j of queue) {
    current.push(j);
    size += sizeOf(j);
    if (size >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}
