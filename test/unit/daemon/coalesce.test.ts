import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coalesce } from '../../../src/daemon/coalesce.js';

/** A coalescer whose fires are awaitable: tests wait for the event, never for a fixed time. */
function harness(quietMs: number, maxWaitMs: number) {
  const fires: number[] = [];
  let notify: (() => void) | null = null;
  const c = coalesce(() => {
    fires.push(Date.now());
    notify?.();
  }, { quietMs, maxWaitMs });
  const nextFire = () => new Promise<void>((r) => (notify = r));
  return { c, fires, nextFire };
}

describe('coalesce', () => {
  it('turns a burst into one fire', async () => {
    const { c, fires, nextFire } = harness(20, 1000);
    const fired = nextFire();
    for (let i = 0; i < 50; i++) c.poke();
    await fired;
    assert.equal(fires.length, 1);
  });

  it('fires by maxWait while events keep coming', async () => {
    const { c, fires, nextFire } = harness(40, 120);
    const started = Date.now();
    const fired = nextFire();
    const keepPoking = setInterval(() => c.poke(), 10);
    c.poke();
    await fired;
    clearInterval(keepPoking);
    c.cancel();
    assert.equal(fires.length, 1);
    assert.ok(fires[0]! - started < 1000, 'a steady stream of events still gets a verdict');
  });

  it('holds while index.lock exists and fires once it is released', async () => {
    const { c, fires, nextFire } = harness(1, 1);
    c.hold(true);
    c.poke();
    c.poke();
    // Proving an absence needs time: thirty times the quiet period, and no fire.
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(fires.length, 0);
    assert.equal(c.held, true);
    const fired = nextFire();
    c.hold(false);
    await fired;
    assert.equal(fires.length, 1);
  });

  it('a release with nothing pending fires nothing', async () => {
    const { c, fires, nextFire } = harness(5, 5);
    c.hold(true);
    c.hold(false);
    const fired = nextFire();
    c.poke();
    await fired;
    assert.equal(fires.length, 1, 'only the later poke fired');
  });
});
