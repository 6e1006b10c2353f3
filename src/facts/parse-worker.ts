import { parentPort } from 'node:worker_threads';
import type { FactKey } from '../model/index.js';
import { extractFactsSafely } from './extract-safely.js';
import { splitFactKey } from './fact-key.js';

/** Worker side of the parse pool: bytes in, facts out; never throws across the boundary. */
parentPort?.on('message', (batch: Array<{ key: FactKey; bytes: Uint8Array }>) => {
  parentPort!.postMessage(batch.map(({ key, bytes }) => ({ key, facts: extractFactsSafely(bytes, splitFactKey(key).kind) })));
});
