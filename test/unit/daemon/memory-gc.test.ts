import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { memoryCollector } from '../../../src/daemon/memory-gc.js';

const MB = 1024 * 1024;

describe('memoryCollector', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setImmediate'] }));
  afterEach(() => mock.timers.reset());

  /** A collector over a heap the test sets; a collection brings it back to `live`. */
  function collector(live: number) {
    const heap = { used: live, collections: 0 };
    const poke = memoryCollector({ quietMs: 100, growthBytes: 24 * MB }, () => ((heap.collections++), (heap.used = live)), () => heap.used, true);
    return { heap, poke };
  }

  it('collects once a burst has been quiet for the quiet time, not while pokes keep coming', () => {
    const { heap, poke } = collector(60 * MB);
    for (let i = 0; i < 10; i++) {
      poke();
      mock.timers.tick(99);
    }
    assert.equal(heap.collections, 0, 'a poke within the quiet time puts the collection off');
    mock.timers.tick(1);
    assert.equal(heap.collections, 1, 'one collection for the whole burst');
    mock.timers.tick(10_000);
    assert.equal(heap.collections, 1, 'nothing more while quiet');
    poke();
    mock.timers.tick(100);
    assert.equal(heap.collections, 2, 'the next burst is collected after in turn');
  });

  it('collects on the next turn, in a burst, once the heap grew by the growth since the last collection', () => {
    const { heap, poke } = collector(60 * MB);
    for (let i = 0; i < 5; i++) {
      heap.used += 4 * MB;
      poke();
      mock.timers.tick(10);
    }
    assert.equal(heap.collections, 0, '20 MB of growth is not enough');
    heap.used += 4 * MB;
    poke();
    assert.equal(heap.collections, 0, 'not synchronously: the verdict goes out first');
    mock.timers.tick(0);
    assert.equal(heap.collections, 1, '24 MB is');
    heap.used += 4 * MB;
    poke();
    mock.timers.tick(10);
    assert.equal(heap.collections, 1, 'growth counts again from the collection');
    mock.timers.tick(100);
    assert.equal(heap.collections, 2, 'and the quiet collection still follows the burst');
  });

  it('schedules nothing without a collector (node started without --expose-gc)', () => {
    const scheduled = mock.method(globalThis, 'setTimeout');
    const poke = memoryCollector({ quietMs: 1, growthBytes: 1 }, undefined);
    poke();
    poke();
    assert.equal(scheduled.mock.callCount(), 0);
  });
});
