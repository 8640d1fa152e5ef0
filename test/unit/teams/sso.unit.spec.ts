// The approver's SSO token is accepted only as Entra's, for our API, our tenant and the clicker; a
// re-sent action only with a challenge this bot issued for the same conversation, clicker and request.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TurnContext } from 'botbuilder';
import { TeamsSso } from '../../../src/teams/sso';
import { ssoChallenges } from '../../../src/app/sso-challenges';
import { createMemoryStores } from '../../harness/memory-stores';
import { createLogger } from '../../../src/logger';

const TENANT = '510a7fe1-50f4-5852-90b4-23956de2d650';
const APP = 'cdee8871-46ba-582c-b71d-34b3cf75d53a';
const API = `api://tapdesk.example/botid-${APP}`;
const ALEX = '11111111-1111-4111-8111-111111111111';
const ADELE = '22222222-2222-4222-8222-222222222222';
const AUTHORITY = 'https://login.example';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function token(claims: Record<string, unknown> = {}, options: { key?: typeof privateKey; expiresIn?: number } = {}): string {
  return jwt.sign({ aud: API, tid: TENANT, oid: ALEX, scp: 'access_as_user', ...claims }, options.key ?? privateKey, {
    algorithm: 'RS256',
    keyid: 'k1',
    issuer: `${AUTHORITY}/${TENANT}/v2.0`,
    expiresIn: options.expiresIn ?? 3600,
  });
}

function context(conversationId: string, authentication?: { id: string; token: string }): TurnContext {
  return { activity: { conversation: { id: conversationId }, value: { action: {}, authentication } } } as unknown as TurnContext;
}

describe('Teams SSO for the approver (delegated issuance)', () => {
  let sso: TeamsSso;
  beforeEach(() => {
    const stores = createMemoryStores();
    sso = new TeamsSso({
      config: { appIdUri: API, connectionName: 'tapdesk-sso', clientId: APP },
      tenantId: TENANT,
      authorityHost: AUTHORITY,
      challenges: ssoChallenges({ kv: stores.kv, clock: { now: () => new Date() } }),
      clock: { now: () => new Date() },
      logger: createLogger({ level: 'silent' }),
      signingKeys: async () => new Map([['k1', publicKey]]),
    });
  });

  it('answers a click without a token with the documented 401 loginRequest', async () => {
    const answer = await sso.loginRequest(context('a:1'), { id: ALEX, name: 'Alex' }, 'r1');
    assert.equal(answer.statusCode, 401);
    assert.equal(answer.type, 'application/vnd.microsoft.activity.loginRequest');
    const value = answer.value as unknown as { connectionName: string; tokenExchangeResource: { id: string; uri: string }; buttons: Array<{ type: string }>; text: string };
    assert.equal(value.connectionName, 'tapdesk-sso');
    assert.equal(value.tokenExchangeResource.uri, API);
    assert.match(value.tokenExchangeResource.id, /^[0-9a-f-]{36}$/);
    assert.equal(value.buttons[0]?.type, 'signin');
    assert.ok(value.text);
  });

  it('accepts the clicker\'s own token once, with the challenge issued for this conversation and request', async () => {
    const login = await sso.loginRequest(context('a:1'), { id: ALEX, name: 'Alex' }, 'r1');
    const id = (login.value as unknown as { tokenExchangeResource: { id: string } }).tokenExchangeResource.id;
    const auth = { id, token: token() };
    assert.deepEqual(await sso.accept(context('a:1', auth), { id: ALEX, name: 'Alex' }, 'r1', auth), { ok: true });
    // Used up: the same re-sent action again is refused.
    assert.equal((await sso.accept(context('a:1', auth), { id: ALEX, name: 'Alex' }, 'r1', auth)).ok, false);
  });

  it('refuses a challenge replayed from another conversation, another request, or one it never issued', async () => {
    const issue = async () => ((await sso.loginRequest(context('a:1'), { id: ALEX, name: 'Alex' }, 'r1')).value as unknown as { tokenExchangeResource: { id: string } }).tokenExchangeResource.id;
    const a = { id: await issue(), token: token() };
    assert.deepEqual(await sso.accept(context('a:2', a), { id: ALEX, name: 'Alex' }, 'r1', a), { ok: false, reason: 'challenge from another conversation' });
    const b = { id: await issue(), token: token() };
    assert.deepEqual(await sso.accept(context('a:1', b), { id: ALEX, name: 'Alex' }, 'r2', b), { ok: false, reason: 'challenge for another click' });
    const c = { id: '33333333-3333-4333-8333-333333333333', token: token() };
    assert.deepEqual(await sso.accept(context('a:1', c), { id: ALEX, name: 'Alex' }, 'r1', c), { ok: false, reason: 'no challenge of ours' });
  });

  const refused: Array<[string, () => string, RegExp]> = [
    ['another user than the clicker', () => token({ oid: ADELE }), /another user/],
    ['another tenant', () => token({ tid: '99999999-9999-4999-8999-999999999999' }), /another tenant/],
    ['expired', () => token({}, { expiresIn: -60 }), /expired/],
    ['another audience', () => token({ aud: 'api://someone-else' }), /audience/],
    ['signed by someone else', () => token({}, { key: other.privateKey }), /signature/],
    ['without access_as_user', () => token({ scp: 'User.Read' }), /access_as_user/],
  ];
  for (const [name, make, reason] of refused) {
    it(`refuses a token ${name}`, async () => {
      const check = await sso.verify(make(), ALEX);
      assert.equal(check.ok, false);
      assert.match((check as { reason: string }).reason, reason);
    });
  }
});
