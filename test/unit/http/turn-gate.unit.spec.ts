// The per-instance turn bound: at most `concurrent` turns run, the rest wait in order, and a full
// queue is refused at once instead of growing.
import assert from 'node:assert/strict';
import { TurnGate } from '../../../src/http/turn-gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnGate', () => {
  it('runs up to the limit at once and admits waiting turns in arrival order as slots free up', async () => {
    const gate = new TurnGate({ concurrent: 2, queued: 10, queuedBytes: 1e9 });
    const order: number[] = [];
    const releases = await Promise.all([gate.enter(), gate.enter()]);
    const waiting = [3, 4].map((n) => gate.enter().then((release) => (order.push(n), release)));
    await tick();
    assert.deepEqual(order, []);
    assert.equal(gate.waiting, 2);
    releases[0]!();
    await tick();
    assert.deepEqual(order, [3]);
    releases[0]!(); // a second release of the same slot frees nothing more
    await tick();
    assert.deepEqual(order, [3]);
    releases[1]!();
    await tick();
    assert.deepEqual(order, [3, 4]);
    for (const release of await Promise.all(waiting)) release!();
    assert.equal(gate.waiting, 0);
    const again = await Promise.all([gate.enter(), gate.enter()]);
    assert.ok(
      again.every((r) => typeof r === 'function'),
      'both slots are free again',
    );
  });

  it('refuses a turn at once when the queue is full', async () => {
    const gate = new TurnGate({ concurrent: 1, queued: 1, queuedBytes: 1e9 });
    const first = await gate.enter();
    const queued = gate.enter();
    assert.equal(await gate.enter(), null);
    first!();
    assert.equal(typeof (await queued), 'function');
  });
});

describe('TurnGate byte bound', () => {
  it('refuses a waiting turn whose body would take the queue past its byte bound, and frees the bytes as turns start', async () => {
    const gate = new TurnGate({ concurrent: 1, queued: 100, queuedBytes: 1000 });
    const running = await gate.enter(5000); // a running turn's body does not count: it is being worked on
    const first = gate.enter(600);
    assert.equal(await gate.enter(600), null, '600 + 600 bytes would pass the bound');
    const small = gate.enter(400);
    running!();
    (await first)!();
    assert.equal(typeof (await small), 'function');
    const again = gate.enter(900);
    (await small)!();
    assert.equal(typeof (await again), 'function', 'the bytes of admitted turns are free again');
  });
});
