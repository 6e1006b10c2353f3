import { Worker } from 'node:worker_threads';
import type { Config } from '../model/index.js';

/** What the worker is told: the repository and the config it is judged under (plain data, cloned). */
export interface WorkerJudgeRequest {
  readonly root: string;
  readonly config: Config;
}

/**
 * Judges the repository's index in a worker thread, as a one-shot check
 * would: the worker leaves HEAD's judgments and the facts it parsed on disk,
 * where the daemon then reads them. A cold build's heap grows with the
 * whole repository and V8 does not give it back; a worker's goes when the
 * worker does, instead of staying in the daemon for its lifetime.
 */
export function judgeInWorker(request: WorkerJudgeRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./judge-worker.js', import.meta.url), { workerData: request });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the worker exited with status ${code}`))));
  });
}
