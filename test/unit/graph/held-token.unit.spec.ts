// The app's Graph token held between requests: reused while fresh, asked again near its expiry.
import assert from 'node:assert/strict';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { HeldTokenCredential, REFRESH_MARGIN_MS } from '../../../src/graph/held-token';

function counting(lifetimeMs: number, now: () => number) {
  const asked: Array<{ scopes: string | string[]; options?: GetTokenOptions }> = [];
  const credential: TokenCredential = {
    async getToken(scopes, options) {
      asked.push({ scopes, options });
      return { token: `token-${asked.length}`, expiresOnTimestamp: now() + lifetimeMs } satisfies AccessToken;
    },
  };
  return { asked, credential };
}

describe('HeldTokenCredential', () => {
  it('asks the credential once while the token is fresh, and again once it is near its expiry', async () => {
    let t = 1_000_000;
    const { asked, credential } = counting(3_600_000, () => t);
    const held = new HeldTokenCredential(credential, () => t);
    assert.equal((await held.getToken('scope'))?.token, 'token-1');
    t += 3_600_000 - REFRESH_MARGIN_MS - 1;
    assert.equal((await held.getToken('scope'))?.token, 'token-1');
    t += 2;
    assert.equal((await held.getToken('scope'))?.token, 'token-2');
    assert.equal(asked.length, 2);
  });

  it('simultaneous requests share one answer; other scopes and claims go to the credential', async () => {
    const { asked, credential } = counting(3_600_000, Date.now);
    const held = new HeldTokenCredential(credential);
    const answers = await Promise.all([held.getToken('scope'), held.getToken('scope'), held.getToken('scope')]);
    assert.deepEqual(
      answers.map((a) => a?.token),
      ['token-1', 'token-1', 'token-1'],
    );
    assert.equal((await held.getToken('other'))?.token, 'token-2');
    assert.equal(
      (await held.getToken('scope', { claims: 'eyJ...' }))?.token,
      'token-3',
      'a CAE challenge is never answered from the cache',
    );
    assert.equal(asked.length, 3);
  });

  it('a failed request is not held: the next one asks again', async () => {
    let fail = true;
    const credential: TokenCredential = {
      async getToken() {
        if (fail) throw new Error('Entra unavailable');
        return { token: 'fresh', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const held = new HeldTokenCredential(credential);
    await assert.rejects(held.getToken('scope'), /Entra unavailable/);
    fail = false;
    assert.equal((await held.getToken('scope'))?.token, 'fresh');
  });
});
