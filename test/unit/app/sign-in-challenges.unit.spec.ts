// Challenges are HMAC-signed values bound to conversation, clicker, subject and expiry, with no row per challenge;
// two instances on one store share the key. Sign-in prompts are limited per person, across instances.
import assert from 'node:assert/strict';
import { signInChallenges } from '../../../src/teams/sign-in-challenges';
import { PROMPTS_PER_WINDOW, PROMPT_WINDOW_MS, signInPrompts } from '../../../src/app/sign-in/prompts';
import { createMemoryStores } from '../../harness/memory-stores';

const ALEX = '11111111-1111-4111-8111-111111111111';
const binding = { conversationId: 'a:1', userId: ALEX, subject: 'approval.approve:r1' };

describe('sign-in challenges (HMAC, stateless)', () => {
  it('one instance issues, another (same store) accepts; nothing but the key is stored', async () => {
    const stores = createMemoryStores();
    let now = new Date('2026-12-07T10:00:00Z');
    const clock = { now: () => now };
    const a = signInChallenges({ kv: stores.kv, clock });
    const b = signInChallenges({ kv: stores.kv, clock });
    const ids = await Promise.all(Array.from({ length: 40 }, () => a.issue(binding)));
    assert.equal(new Set(ids).size, 40);
    assert.deepEqual(await b.redeem(ids[0]!, binding), { ok: true });
    assert.equal((await stores.kv.list('signinkey')).length, 1);
    now = new Date(now.getTime() + 5 * 60_000 + 1000);
    assert.deepEqual(await b.redeem(ids[1]!, binding), { ok: false, reason: 'challenge expired' });
  });

  it('refuses a challenge for another conversation, clicker or subject, a forged one, and garbage', async () => {
    const stores = createMemoryStores();
    const challenges = signInChallenges({ kv: stores.kv, clock: { now: () => new Date() } });
    const id = await challenges.issue(binding);
    for (const other of [
      { ...binding, conversationId: 'a:2' },
      { ...binding, userId: '22222222-2222-4222-8222-222222222222' },
      { ...binding, subject: 'approval.approve:r2' },
    ]) {
      assert.equal((await challenges.redeem(id, other)).ok, false);
    }
    const [v, , nonce, mac] = id.split('.');
    assert.equal((await challenges.redeem([v, '99999999999', nonce, mac].join('.'), binding)).ok, false, 'a longer expiry breaks the MAC');
    assert.equal((await challenges.redeem('33333333-3333-4333-8333-333333333333', binding)).ok, false);
    const elsewhere = signInChallenges({ kv: createMemoryStores().kv, clock: { now: () => new Date() } });
    assert.equal((await elsewhere.redeem(id, binding)).ok, false, "another deployment's key");
  });
});

describe('sign-in prompts per person', () => {
  it('allows a few per window, shared by two instances, and again after the window', async () => {
    const stores = createMemoryStores();
    let now = Date.parse('2026-12-07T10:00:00Z');
    const clock = { now: () => new Date(now) };
    const one = signInPrompts({ kv: stores.kv, clock });
    const two = signInPrompts({ kv: stores.kv, clock });
    const answers: boolean[] = [];
    for (let i = 0; i < PROMPTS_PER_WINDOW + 3; i++) answers.push(await (i % 2 ? one : two).allow(ALEX));
    assert.equal(answers.filter(Boolean).length, PROMPTS_PER_WINDOW);
    assert.equal(await one.allow('22222222-2222-4222-8222-222222222222'), true, 'another person is not limited');
    now += PROMPT_WINDOW_MS;
    assert.equal(await two.allow(ALEX), true);
  });
});
