// The approvers' on-behalf-of tokens: held per approver only within their life (with a margin), in a
// bounded map, and Entra's OBO errors told apart (consent, interaction, refused).
import assert from 'node:assert/strict';
import { DelegatedGraph, classify } from '../../../src/graph/delegated-credential';
import { WritePacer } from '../../../src/graph/write-pacer';
import { createLogger } from '../../../src/logger';

function graph(
  now: { t: number },
  exchange: (assertion: string) => Promise<{ token: string; expiresOnTimestamp: number }>,
  maxApprovers = 1000,
) {
  const clock = { now: () => new Date(now.t) };
  const logger = createLogger({ level: 'silent' });
  return new DelegatedGraph({
    tenantId: 't',
    clientId: 'c',
    clientSecret: 's',
    graphBaseUrl: 'https://graph.example/v1.0',
    tapWritePacer: new WritePacer({ maxConcurrent: 1, maxWaitMs: 1000 }),
    directory: { policyCacheSeconds: 0, clock, logger },
    clock,
    logger,
    maxApprovers,
    exchange,
  });
}

describe("DelegatedGraph: approvers' on-behalf-of tokens", () => {
  it('holds a token until two minutes before it expires, then asks for a new sign-in', async () => {
    const now = { t: Date.parse('2026-01-01T10:00:00Z') };
    let exchanges = 0;
    const g = graph(now, async () => ({ token: `t${++exchanges}`, expiresOnTimestamp: now.t + 60 * 60_000 }));
    assert.equal(g.writerFor('A'), null);
    assert.deepEqual(await g.exchange('A', 'sso'), { ok: true, expiresAt: now.t + 60 * 60_000 });
    assert.equal(g.writerFor('a')?.approverId, 'a');
    now.t += 57 * 60_000;
    assert.ok(g.writerFor('a'));
    now.t += 2 * 60_000;
    assert.equal(g.writerFor('a'), null);
    assert.equal(exchanges, 1);
  });

  it('forgets a token Graph refused, and keeps at most the configured number of approvers', async () => {
    const now = { t: Date.now() };
    const g = graph(now, async () => ({ token: 'x', expiresOnTimestamp: now.t + 3_600_000 }), 2);
    await g.exchange('a', 's');
    await g.exchange('b', 's');
    g.writerFor('a'); // a used last: b is the oldest
    await g.exchange('c', 's');
    assert.ok(g.writerFor('a'));
    assert.equal(g.writerFor('b'), null);
    g.writerFor('c')?.forget();
    assert.equal(g.writerFor('c'), null);
  });

  it("turns Entra's OBO errors into consent, interaction or refused, and holds nothing", async () => {
    const now = { t: Date.now() };
    const fail = (message: string) => graph(now, () => Promise.reject(new Error(message)));
    assert.deepEqual(await fail('invalid_grant: AADSTS65001: The user or administrator has not consented').exchange('a', 's'), {
      ok: false,
      reason: 'consent',
    });
    assert.deepEqual(classify(new Error('interaction_required: AADSTS50076: you must use multi-factor authentication')), {
      ok: false,
      reason: 'interaction',
    });
    assert.deepEqual(classify(new Error('invalid_grant: AADSTS50013: Assertion failed signature validation')), {
      ok: false,
      reason: 'refused',
    });
    assert.deepEqual(classify(new Error('connect ECONNREFUSED')), { ok: false, reason: 'unavailable' });
    const g = fail('AADSTS65001');
    await g.exchange('a', 's');
    assert.equal(g.writerFor('a'), null);
  });
});
