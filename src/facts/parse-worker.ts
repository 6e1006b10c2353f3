import { parentPort } from 'node:worker_threads';
import type { FactKey } from '../model/index.js';
import type { EncodedRecord } from './fact-cache-format.js';
import { ALL_EXTRACTORS } from './extract-safely.js';
import { parseJob, type ParseJob } from './parse-job.js';

/**
 * Worker side of the parse pool: jobs in, fact cache records out (the main
 * thread decodes its facts from them; null: the job's file was not its
 * blob). extractWith turns any extractor failure into a diagnostic, so
 * nothing throws across the boundary.
 */
parentPort?.on('message', (batch: ParseJob[]) => {
  const out: Array<{ key: FactKey; record: EncodedRecord | null }> = [];
  for (const job of batch) out.push({ key: job.key, record: parseJob(ALL_EXTRACTORS, job)?.record ?? null });
  parentPort!.postMessage(out);
});
