import { createRequire } from 'node:module';

type NodeCrypto = typeof import('node:crypto');

let loaded: NodeCrypto | null = null;

/**
 * node:crypto, loaded on first use. Loading it costs a process about 2.6 ms
 * (its cipher, key and webcrypto modules come with it), the largest single
 * cost of the hook's start: the hook client asks for it only once its request
 * is on its way, so the load overlaps the daemon's answer (send-request.ts).
 */
export function nodeCrypto(): NodeCrypto {
  return (loaded ??= createRequire(import.meta.filename)('node:crypto') as NodeCrypto);
}
