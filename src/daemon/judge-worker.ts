import { workerData } from 'node:worker_threads';
import { openRepo } from '../git/repo.js';
import { openSession } from '../session/open-session.js';
import type { WorkerJudgeRequest } from './judge-in-worker.js';

// Entry point of judge-in-worker.ts's thread: one staged check, which writes HEAD's judgments and the facts.
const { root, config } = workerData as WorkerJudgeRequest;
const { session, close } = openSession(await openRepo(root), config, null, 'none');
try {
  await session.check('staged');
} finally {
  close();
}
