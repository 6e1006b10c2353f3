import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { idleCollector } from '../../../src/daemon/idle-gc.js';

describe('idleCollector', () => {
  it('collects once after a burst has gone quiet', async () => {
    let collections = 0;
    let done!: () => void;
    const collected = new Promise<void>((r) => (done = r));
    const poke = idleCollector(
      20,
      () => {
        collections++;
        done();
      },
      true,
    );
    for (let i = 0; i < 10; i++) poke();
    await collected;
    assert.equal(collections, 1);
  });

  it('does nothing without a collector (node started without --expose-gc)', () => {
    assert.doesNotThrow(() => idleCollector(1, undefined)());
  });
});
