import { createRequire } from 'node:module';

type NodeCrypto = typeof import('node:crypto');

let loaded: NodeCrypto | null = null;

/**
 * node:crypto, loaded on first use. Loading it costs a process about 2.6 ms
 * (its cipher, key and webcrypto modules come with it): a hook never asks for
 * it (the daemon's proof is checked with @noble/hashes, protocol.ts), only a
 * rare path does (a socket path too long for sockaddr_un, an index git wrote
 * with no checksum, no /dev/urandom).
 */
export function nodeCrypto(): NodeCrypto {
  return (loaded ??= createRequire(import.meta.filename)('node:crypto') as NodeCrypto);
}
