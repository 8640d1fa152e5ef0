// The outbox over the in-memory key-value store: entries survive until sent, one instance at a time
// sends each (CAS claim), a `latest` entry rewritten while being sent is sent again, retryable failures
// wait (Retry-After or backoff) and are sent later, and a final refusal is dropped.
import assert from 'node:assert/strict';
import { createMemoryStores } from '../../harness/memory-stores';
import { Outbox, backoffMs, type FailureVerdict } from '../../../src/app/kernel/outbox';
import { createLogger } from '../../../src/logger';
import type { KeyValueStore } from '../../../src/app/kernel/ports';

const logger = createLogger({ level: 'silent' });

interface Work {
  text: string;
}

function outboxOn(
  kv: KeyValueStore,
  deliver: (work: Work) => Promise<void>,
  classify: (e: unknown) => FailureVerdict = () => ({ retry: true, afterMs: null }),
  now: () => number = Date.now,
) {
  const held: Array<[string, number]> = [];
  const outbox = new Outbox<Work>({
    kv,
    logger,
    deliver,
    classify,
    pace: async () => undefined,
    holdBack: (conversationId, ms) => held.push([conversationId, ms]),
    now,
  });
  return { outbox, held };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('outbox', () => {
  it('sends an entry and forgets it; the same `once` key written again while it waits is sent once', async () => {
    const { kv } = createMemoryStores();
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { outbox } = outboxOn(kv, async (w) => {
      await gate;
      sent.push(w.text);
    });
    const first = await outbox.submit('post-a', 'c1', { text: 'a' }, 'once');
    const again = await outbox.submit('post-a', 'c1', { text: 'a' }, 'once');
    assert.equal(first.behind, 0);
    assert.equal(await outbox.pending(), 1);
    release();
    await Promise.all([first.sent, again.sent]);
    assert.deepEqual(sent, ['a']);
    assert.equal(await outbox.pending(), 0);
  });

  it('two instances on one store: each entry is sent by exactly one of them', async () => {
    const { kv } = createMemoryStores();
    const sent: string[] = [];
    const slow = async (w: Work) => {
      await new Promise((r) => setTimeout(r, 5));
      sent.push(w.text);
    };
    const a = outboxOn(kv, slow).outbox;
    const b = outboxOn(kv, slow).outbox;
    const keys = Array.from({ length: 20 }, (_, i) => `post-${i}`);
    await Promise.all(keys.map((k, i) => (i % 2 ? a : b).submit(k, 'c1', { text: k }, 'once')));
    await Promise.all([a.drain(), b.drain()]);
    await until(async () => (await a.pending()) === 0);
    assert.deepEqual([...sent].sort(), [...keys].sort());
  });

  it('a `latest` entry rewritten while it is being sent is sent again with the new work', async () => {
    const { kv } = createMemoryStores();
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { outbox } = outboxOn(kv, async (w) => {
      if (w.text === 'v1') await gate;
      sent.push(w.text);
    });
    await outbox.submit('card-x', 'c1', { text: 'v1' }, 'latest');
    await new Promise((r) => setTimeout(r, 20)); // v1 is being sent now
    const second = await outbox.submit('card-x', 'c1', { text: 'v2' }, 'latest');
    release();
    await second.sent;
    await until(async () => (await outbox.pending()) === 0);
    assert.deepEqual(sent, ['v1', 'v2']);
  });

  it('a retryable failure holds the conversation back for Retry-After and is sent later; a final refusal is dropped', async () => {
    const { kv } = createMemoryStores();
    let calls = 0;
    const { outbox, held } = outboxOn(
      kv,
      async (w) => {
        calls += 1;
        if (w.text === 'gone') throw Object.assign(new Error('forbidden'), { statusCode: 403 });
        if (calls === 1) throw Object.assign(new Error('throttled'), { statusCode: 429 });
      },
      (e) => ({
        retry: (e as { statusCode: number }).statusCode !== 403,
        afterMs: (e as { statusCode: number }).statusCode === 429 ? 50 : null,
      }),
    );
    await (
      await outbox.submit('post-a', 'c1', { text: 'a' }, 'once')
    ).sent;
    await (
      await outbox.submit('post-b', 'c1', { text: 'gone' }, 'once')
    ).sent;
    assert.equal(calls, 3, 'a: throttled then sent in place; b: refused once and dropped');
    assert.ok(
      held.some(([c, ms]) => c === 'c1' && ms >= 50),
      'Retry-After held the conversation back',
    );
    assert.equal(await outbox.pending(), 0);
  });

  it('an entry left by a stopped instance is sent by a drain elsewhere (after a restart too)', async () => {
    const { kv } = createMemoryStores();
    const stopped = outboxOn(kv, async () => {
      throw Object.assign(new Error('bad gateway'), { statusCode: 502 });
    });
    stopped.outbox.stop();
    await stopped.outbox.submit('post-a', 'c1', { text: 'a' }, 'once');
    assert.equal(await stopped.outbox.pending(), 1);
    const sent: string[] = [];
    // Fresh, it is left to the instance that wrote it; once past the grace, another instance sends it.
    assert.equal(await outboxOn(kv, async (w) => void sent.push(w.text)).outbox.drain(), 0);
    const other = outboxOn(
      kv,
      async (w) => void sent.push(w.text),
      undefined,
      () => Date.now() + 30_000,
    ).outbox;
    assert.equal(await other.drain(), 1);
    await until(() => sent.length === 1);
    await until(async () => (await other.pending()) === 0);
  });

  it('backs off exponentially with jitter, capped', () => {
    assert.equal(
      backoffMs(1, () => 0),
      250,
    );
    assert.equal(
      backoffMs(1, () => 1),
      500,
    );
    assert.equal(
      backoffMs(4, () => 1),
      4000,
    );
    assert.equal(
      backoffMs(20, () => 1),
      60_000,
    );
  });
});
