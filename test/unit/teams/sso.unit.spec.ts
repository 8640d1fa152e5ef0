// The Universal Actions round: the loginRequest carries the token service's sign-in link (the SDK's user-token
// client) and a challenge bound to this click; a re-sent action is accepted only with that challenge and a good
// token; a magic code is redeemed through the token service and must give the clicker's token.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TurnContext } from 'botbuilder';
import { createLocalJWKSet } from 'jose';
import { TeamsSso, preconditionFailed } from '../../../src/teams/sso';
import { signInChallenges } from '../../../src/teams/sign-in-challenges';
import { createMemoryStores } from '../../harness/memory-stores';
import { createLogger } from '../../../src/logger';
import { TEAMS_CLIENT_IDS } from '../../../src/teams/entra-token-check';

const TENANT = '510a7fe1-50f4-5852-90b4-23956de2d650';
const APP = 'cdee8871-46ba-582c-b71d-34b3cf75d53a';
const API = `api://tapdesk.example/botid-${APP}`;
const ALEX = '11111111-1111-4111-8111-111111111111';
const AUTHORITY = 'https://login.example';
const USER_TOKEN_CLIENT = Symbol('UserTokenClient');

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kty: 'RSA', kid: 'k1' }] };

function token(claims: Record<string, unknown> = {}): string {
  return jwt.sign({ aud: API, tid: TENANT, oid: ALEX, scp: 'access_as_user', azp: TEAMS_CLIENT_IDS[0], ...claims }, privateKey, {
    algorithm: 'RS256',
    keyid: 'k1',
    issuer: `${AUTHORITY}/${TENANT}/v2.0`,
    expiresIn: 3600,
  });
}

interface FakeTokenService {
  signInResources: number;
  codes: Map<string, string>;
}

function context(conversationId: string, service: FakeTokenService, value: Record<string, unknown> = {}): TurnContext {
  const client = {
    getSignInResource: async () => {
      service.signInResources += 1;
      return { signInLink: 'https://token.example/sign-in?code=1', tokenExchangeResource: { id: 'ignored', uri: API, providerId: 'p1' } };
    },
    getUserToken: async (_userId: string, _connection: string, _channel: string, code?: string) => {
      const t = code ? service.codes.get(code) : undefined;
      return t ? { token: t, expiration: new Date(Date.now() + 3600_000).toISOString() } : undefined;
    },
  };
  return {
    adapter: { UserTokenClientKey: USER_TOKEN_CLIENT },
    turnState: new Map<unknown, unknown>([[USER_TOKEN_CLIENT, client]]),
    activity: {
      conversation: { id: conversationId },
      from: { id: '29:alex', aadObjectId: ALEX },
      channelId: 'msteams',
      value: { action: {}, ...value },
    },
  } as unknown as TurnContext;
}

const alex = { id: ALEX, name: 'Alex' };

describe('Teams SSO round (Universal Actions)', () => {
  let sso: TeamsSso;
  let service: FakeTokenService;
  beforeEach(() => {
    const stores = createMemoryStores();
    service = { signInResources: 0, codes: new Map() };
    sso = new TeamsSso({
      config: { appIdUri: API, connectionName: 'tapdesk-sso', clientId: APP, extraClientIds: [] },
      tenantId: TENANT,
      authorityHost: AUTHORITY,
      challenges: signInChallenges({ kv: stores.kv, clock: { now: () => new Date() } }),
      clock: { now: () => new Date() },
      logger: createLogger({ level: 'silent' }),
    });
    (sso.tokens as unknown as { keys: unknown }).keys = createLocalJWKSet(jwks);
  });

  it("answers with the documented 401 loginRequest, its button the token service's sign-in link", async () => {
    const answer = await sso.loginRequest(context('a:1', service), alex, 'approval.approve:r1', 'Sign in to approve');
    assert.equal(answer.statusCode, 401);
    assert.equal(answer.type, 'application/vnd.microsoft.activity.loginRequest');
    const value = answer.value as unknown as {
      connectionName: string;
      tokenExchangeResource: { id: string; uri: string };
      buttons: Array<{ type: string; value: string }>;
      text: string;
    };
    assert.equal(value.connectionName, 'tapdesk-sso');
    assert.equal(value.tokenExchangeResource.uri, API);
    assert.match(value.tokenExchangeResource.id, /^c1\./);
    assert.deepEqual([value.buttons[0]?.type, value.buttons[0]?.value], ['signin', 'https://token.example/sign-in?code=1']);
    assert.equal(service.signInResources, 1);
  });

  it("accepts the clicker's token with the challenge of this click only", async () => {
    const login = await sso.loginRequest(context('a:1', service), alex, 'approval.approve:r1', 'x');
    const id = (login.value as unknown as { tokenExchangeResource: { id: string } }).tokenExchangeResource.id;
    const auth = { id, token: token() };
    assert.equal((await sso.accept(context('a:1', service), alex, 'approval.approve:r1', auth)).ok, true);
    assert.equal((await sso.accept(context('a:2', service), alex, 'approval.approve:r1', auth)).ok, false, 'another conversation');
    assert.equal((await sso.accept(context('a:1', service), alex, 'pass.not-me:r1', auth)).ok, false, 'another action');
    assert.equal(
      (await sso.accept(context('a:1', service), alex, 'approval.approve:r1', { id, token: token({ azp: APP }) })).ok,
      false,
      'not from Teams',
    );
  });

  it("redeems a magic code for the clicker's token, and refuses one that gives someone else's", async () => {
    service.codes.set('123456', jwt.sign({ oid: ALEX, tid: TENANT, exp: Math.floor(Date.now() / 1000) + 3600 }, 'x'));
    service.codes.set(
      '654321',
      jwt.sign({ oid: '22222222-2222-4222-8222-222222222222', tid: TENANT, exp: Math.floor(Date.now() / 1000) + 3600 }, 'x'),
    );
    assert.equal((await sso.redeemMagicCode(context('a:1', service), alex, '123456')).ok, true);
    assert.deepEqual(await sso.redeemMagicCode(context('a:1', service), alex, '654321'), {
      ok: false,
      reason: 'another user than the clicker',
    });
    assert.equal((await sso.redeemMagicCode(context('a:1', service), alex, '000000')).ok, false);
  });

  it('412 preconditionFailed carries {code, message}', () => {
    assert.deepEqual(preconditionFailed('why'), {
      statusCode: 412,
      type: 'application/vnd.microsoft.error.preconditionFailed',
      value: { code: 'PreconditionFailed', message: 'why' },
    });
  });
});
