import { parentPort } from 'node:worker_threads';
import { extractFactsSafely } from './extract-safely.js';

/** Worker side of the parse pool: bytes in, facts out; never throws across the boundary. */
parentPort?.on('message', (batch: Array<{ sha: string; bytes: Uint8Array }>) => {
  parentPort!.postMessage(batch.map(({ sha, bytes }) => ({ sha, facts: extractFactsSafely(bytes) })));
});
