// The per-conversation pacer keeps one process under Teams' documented limits, and the connector
// error classifier retries what Microsoft says to retry.
import assert from 'node:assert/strict';
import { ConversationPacer, TEAMS_BOT_LIMITS } from '../../../src/teams/pacer';
import { classifyConnectorError, retryAfterMs } from '../../../src/teams/connector-errors';

describe('conversation pacer', () => {
  it('allows 7 a second, then 60 per 30 s, per conversation; other conversations are not held', async () => {
    let now = 1_000_000;
    const pacer = new ConversationPacer(TEAMS_BOT_LIMITS, () => now);
    for (let i = 0; i < 7; i += 1) {
      assert.equal(pacer.delay('c1'), 0);
      await pacer.take('c1');
    }
    assert.ok(pacer.delay('c1') > 0 && pacer.delay('c1') <= 1000, 'the 8th in one second waits');
    assert.equal(pacer.delay('c2'), 0);
    // Seven a second for 8 more seconds reaches 60 in the 30 s window.
    for (let s = 1; s <= 8; s += 1) {
      now += 1000;
      for (let i = 0; i < 7 && pacer.delay('c1') === 0; i += 1) await pacer.take('c1');
    }
    now += 1000;
    assert.ok(pacer.delay('c1') > 1000, `60 in 30 s: the next waits for the window (${pacer.delay('c1')} ms)`);
  });

  it('a Retry-After holds the conversation back', () => {
    let now = 0;
    const pacer = new ConversationPacer(TEAMS_BOT_LIMITS, () => now);
    pacer.holdBack('c1', 3000);
    assert.equal(pacer.delay('c1'), 3000);
    now = 3000;
    assert.equal(pacer.delay('c1'), 0);
  });
});

describe('connector errors', () => {
  const error = (statusCode: number, retryAfter?: string) =>
    Object.assign(new Error('x'), {
      statusCode,
      response: { status: statusCode, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
    });

  it('retries 429 (with its Retry-After), 412, 502, 504 and network failures; not 400, 403, 404, 413', () => {
    assert.deepEqual(classifyConnectorError(error(429, '2')), { retry: true, afterMs: 2000 });
    for (const status of [412, 502, 504, 500, 503]) assert.equal(classifyConnectorError(error(status)).retry, true, String(status));
    assert.equal(classifyConnectorError(new Error('ECONNRESET')).retry, true);
    for (const status of [400, 401, 403, 404, 413]) assert.equal(classifyConnectorError(error(status)).retry, false, String(status));
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(retryAfterMs(error(429, '7')), 7000);
    assert.equal(retryAfterMs(error(429, new Date(10_000).toUTCString()), 4_000), 6_000);
    assert.equal(retryAfterMs(error(429)), null);
  });
});
