import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { idleCollector } from '../../../src/daemon/idle-gc.js';

describe('idleCollector', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('collects once a burst has been quiet for the quiet time, not while pokes keep coming', () => {
    let collections = 0;
    const poke = idleCollector(100, () => void collections++, true);
    for (let i = 0; i < 10; i++) {
      poke();
      mock.timers.tick(99);
    }
    assert.equal(collections, 0, 'a poke within the quiet time puts the collection off');
    mock.timers.tick(1);
    assert.equal(collections, 1, 'one collection for the whole burst');
    mock.timers.tick(10_000);
    assert.equal(collections, 1, 'nothing more while quiet');
    poke();
    mock.timers.tick(100);
    assert.equal(collections, 2, 'the next burst is collected after in turn');
  });

  it('schedules nothing without a collector (node started without --expose-gc)', () => {
    const scheduled = mock.method(globalThis, 'setTimeout');
    const poke = idleCollector(1, undefined);
    poke();
    poke();
    assert.equal(scheduled.mock.callCount(), 0);
  });
});
