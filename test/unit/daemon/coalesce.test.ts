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

describe('coalesce with leading', () => {
  it('fires at once on the first event after quiet, then coalesces what follows into one more fire', async () => {
    // Bounds, not exact times, and wide ones: a loaded machine (the suite runs two files at once) delays timers.
    const quietMs = 300;
    const fires: number[] = [];
    let notify: (() => void) | null = null;
    const c = coalesce(() => {
      fires.push(Date.now());
      notify?.();
    }, { quietMs, maxWaitMs: 10_000, leading: true });
    const next = () => new Promise<string>((r) => (notify = () => r('fired')));
    let fired = next();
    c.poke();
    const halfQuiet = new Promise<string>((r) => setTimeout(() => r('waited'), quietMs / 2).unref());
    assert.equal(await Promise.race([fired, halfQuiet]), 'fired', 'the first event is answered without the quiet wait');
    fired = next();
    for (let i = 0; i < 20; i++) c.poke();
    const lastPoke = Date.now();
    await fired;
    assert.equal(fires.length, 2, 'the burst right after became one trailing fire');
    // Timers and Date.now() keep their own clocks: a millisecond or two of disagreement is not an early fire.
    assert.ok(fires[1]! - lastPoke >= quietMs - 2, `the trailing fire came ${fires[1]! - lastPoke} ms after the burst`);
  });

  it('an event after a quiet spell of events fires at once, though a trailing fire just happened', async () => {
    // A save's late duplicate event makes a trailing fire; the next save, right after it, is still answered at once.
    const quietMs = 300;
    let notify: (() => void) | null = null;
    const c = coalesce(() => notify?.(), { quietMs, maxWaitMs: 10_000, leading: true });
    const next = () => new Promise<string>((r) => (notify = () => r('fired')));
    let fired = next();
    c.poke();
    await fired;
    fired = next();
    c.poke();
    await fired;
    // Past the quiet since the last event (timers and Date.now() may disagree by a millisecond or two), well within it since the fire.
    await new Promise((r) => setTimeout(r, 20));
    fired = next();
    c.poke();
    const halfQuiet = new Promise<string>((r) => setTimeout(() => r('waited'), quietMs / 2).unref());
    assert.equal(await Promise.race([fired, halfQuiet]), 'fired', 'answered without the quiet wait');
    c.cancel();
  });

  it('a held coalescer does not fire on the leading edge', async () => {
    let fired = 0;
    const c = coalesce(() => void fired++, { quietMs: 10, maxWaitMs: 100, leading: true });
    c.hold(true);
    c.poke();
    await new Promise((r) => setImmediate(r));
    assert.equal(fired, 0);
    c.cancel();
  });
});
