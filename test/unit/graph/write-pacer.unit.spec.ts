// The TAP-create pacer: concurrency while Graph accepts, one Retry-After holding every create,
// arrival order kept for retries, and a refusal (never a late send) past a create's deadline.
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { WritePacer } from '../../../src/graph/write-pacer';
import { DirectoryError } from '../../../src/app/kernel/ports';

describe('WritePacer', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  /** Starts `n` acquisitions and records the order in which they are granted. */
  function start(pacer: WritePacer, n: number, granted: number[], deadline = pacer.deadline()) {
    return Array.from({ length: n }, (_, i) =>
      pacer.acquire(deadline).then((release) => {
        granted.push(i);
        return release;
      }),
    );
  }

  it('lets maxConcurrent creates go at once and the next one when a slot is released', async () => {
    const pacer = new WritePacer({ maxConcurrent: 2, maxWaitMs: 5_000 });
    const granted: number[] = [];
    const slots = start(pacer, 3, granted);
    await clock.tickAsync(0);
    assert.deepEqual(granted, [0, 1]);
    assert.equal(pacer.waiting, 1);
    (await slots[0])!();
    await clock.tickAsync(0);
    assert.deepEqual(granted, [0, 1, 2]);
  });

  it('holds every create until Retry-After ends, then sends them one at a time until Graph accepts', async () => {
    const pacer = new WritePacer({ maxConcurrent: 4, maxWaitMs: 5_000 });
    pacer.throttled(500);
    const granted: number[] = [];
    const slots = start(pacer, 3, granted);
    await clock.tickAsync(499);
    assert.deepEqual(granted, [], 'nothing is sent before Retry-After');
    await clock.tickAsync(1);
    assert.deepEqual(granted, [0], 'one at a time after a 429');
    pacer.accepted();
    (await slots[0])!();
    await clock.tickAsync(0);
    assert.deepEqual(granted, [0, 1, 2], 'the limit climbs back once Graph accepts');
  });

  it('puts a throttled create back at the front of the queue', async () => {
    const pacer = new WritePacer({ maxConcurrent: 1, maxWaitMs: 5_000 });
    const order: string[] = [];
    const first = await pacer.acquire(pacer.deadline());
    const later = pacer.acquire(pacer.deadline()).then((release) => {
      order.push('later');
      release();
    });
    pacer.throttled(100);
    first();
    const retried = pacer.acquire(pacer.deadline(), true).then((release) => {
      order.push('retried');
      release();
    });
    await clock.tickAsync(100);
    await Promise.all([later, retried]);
    assert.deepEqual(order, ['retried', 'later']);
  });

  it('refuses at once a create whose deadline falls before Retry-After ends, without waiting', async () => {
    const pacer = new WritePacer({ maxConcurrent: 4, maxWaitMs: 1_000 });
    pacer.throttled(3_000);
    const outcome = pacer.acquire(pacer.deadline()).then(
      () => 'granted',
      (error: unknown) => error,
    );
    await clock.tickAsync(0);
    const error = await outcome;
    assert.ok(error instanceof DirectoryError, String(error));
    assert.equal(error.kind, 'throttled');
    assert.equal(pacer.waiting, 0);
  });

  it('refuses a queued create when its deadline passes while others hold the slots', async () => {
    const pacer = new WritePacer({ maxConcurrent: 1, maxWaitMs: 1_000 });
    const held = await pacer.acquire(pacer.deadline());
    let outcome = 'waiting';
    pacer.acquire(pacer.deadline()).then(
      () => (outcome = 'granted'),
      (error: DirectoryError) => (outcome = error.kind),
    );
    await clock.tickAsync(999);
    assert.equal(outcome, 'waiting');
    await clock.tickAsync(2);
    assert.equal(outcome, 'throttled');
    held();
  });
});
