import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { singleFlight } from '../../../src/daemon/single-flight.js';

/** A job whose runs the test finishes by hand: no timers. */
function gatedJob() {
  const started: number[] = [];
  const gates: Array<() => void> = [];
  const job = () =>
    new Promise<void>((resolve) => {
      started.push(started.length);
      gates.push(resolve);
    });
  return { job, started, finish: () => gates.shift()!() };
}

describe('singleFlight', () => {
  it('runs at once when idle; calls during a run become one run after it', async () => {
    const { job, started, finish } = gatedJob();
    const f = singleFlight(job);
    f.run();
    assert.equal(started.length, 1);
    for (let i = 0; i < 100; i++) f.run();
    assert.equal(started.length, 1, 'nothing starts while a run is in flight');
    finish();
    await new Promise((r) => setImmediate(r));
    assert.equal(started.length, 2, 'the hundred calls made one more run');
    finish();
    await f.idle;
    assert.equal(started.length, 2);
  });

  it('a run that fails does not stop later runs', async () => {
    let runs = 0;
    const f = singleFlight(async () => {
      runs++;
      if (runs === 1) throw new Error('boom');
    });
    f.run();
    f.run();
    await f.idle;
    assert.equal(runs, 2);
    f.run();
    await f.idle;
    assert.equal(runs, 3);
  });
});
