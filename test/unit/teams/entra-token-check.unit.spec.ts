// The Teams SSO token is accepted only as Entra's (RS256, a key Entra still publishes, exp present), for our API,
// our tenant, the clicker, and asked for by a Teams client; with a small clock tolerance. Entra's keys are read
// through jose's remote key set: timeout, one fetch in flight, re-read for an unknown kid.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createLocalJWKSet, type JSONWebKeySet, type JWK } from 'jose';
import { EntraTokenCheck, TEAMS_CLIENT_IDS, entraKeys } from '../../../src/teams/entra-token-check';

const TENANT = '510a7fe1-50f4-5852-90b4-23956de2d650';
const APP = 'cdee8871-46ba-582c-b71d-34b3cf75d53a';
const API = `api://tapdesk.example/botid-${APP}`;
const ALEX = '11111111-1111-4111-8111-111111111111';
const ADELE = '22222222-2222-4222-8222-222222222222';
const AUTHORITY = 'https://login.example';
const EXTRA_CLIENT = '44444444-4444-4444-8444-444444444444';
const NOW = new Date('2026-12-07T10:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const k1 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const k2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = (key: KeyObject, kid: string): JWK => ({ ...key.export({ format: 'jwk' }), kty: 'RSA', kid, use: 'sig', alg: 'RS256' });

function token(
  claims: Record<string, unknown> = {},
  options: { key?: KeyObject; kid?: string; algorithm?: jwt.Algorithm; noExp?: boolean } = {},
): string {
  const payload: Record<string, unknown> = {
    aud: API,
    iss: `${AUTHORITY}/${TENANT}/v2.0`,
    tid: TENANT,
    oid: ALEX,
    azp: TEAMS_CLIENT_IDS[0],
    scp: 'access_as_user',
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    ...claims,
  };
  if (options.noExp) delete payload.exp;
  return jwt.sign(payload, options.key ?? k1.privateKey, {
    algorithm: options.algorithm ?? 'RS256',
    keyid: options.kid ?? 'k1',
    noTimestamp: true,
  });
}

describe('Entra token check for Teams SSO (jose)', () => {
  let published: JSONWebKeySet = { keys: [jwk(k1.publicKey, 'k1')] };
  const check = new EntraTokenCheck({
    tenantId: TENANT,
    authorityHost: AUTHORITY,
    appIdUri: API,
    clientId: APP,
    extraClientIds: [EXTRA_CLIENT],
    clock: { now: () => NOW },
    keys: (header, t) => createLocalJWKSet(published)(header, t),
  });
  beforeEach(() => {
    published = { keys: [jwk(k1.publicKey, 'k1')] };
  });

  it("accepts the clicker's own token from Teams desktop/mobile, Teams web, and a configured extra client", async () => {
    for (const azp of [...TEAMS_CLIENT_IDS, EXTRA_CLIENT]) assert.equal((await check.verify(token({ azp }), ALEX)).ok, true, azp);
    // v1 tokens name the client in appid.
    assert.equal((await check.verify(token({ azp: undefined, appid: TEAMS_CLIENT_IDS[1] }), ALEX)).ok, true);
  });

  it('accepts a token issued 5 s in the future (clock skew)', async () => {
    assert.equal((await check.verify(token({ nbf: nowSeconds + 5, iat: nowSeconds + 5 }), ALEX)).ok, true);
  });

  const refused: Array<[string, () => string, RegExp]> = [
    ['without exp', () => token({}, { noExp: true }), /exp/],
    ['asked for by an unknown client (azp)', () => token({ azp: '55555555-5555-4555-8555-555555555555' }), /not Teams/],
    ['without any client claim', () => token({ azp: undefined }), /not Teams/],
    ['from another tenant', () => token({ tid: '99999999-9999-4999-8999-999999999999' }), /another tenant/],
    ['of another user than the clicker', () => token({ oid: ADELE }), /another user/],
    ['expired', () => token({ exp: nowSeconds - 120 }), /expired/],
    ['for another audience', () => token({ aud: 'api://someone-else' }), /aud/],
    ['from another issuer', () => token({ iss: 'https://evil.example/v2.0' }), /iss/],
    ['signed by a key Entra does not publish', () => token({}, { key: k2.privateKey, kid: 'k1' }), /signature/],
    ['signed with HS256', () => jwt.sign({ aud: API, exp: nowSeconds + 60 }, 'secret', { algorithm: 'HS256', keyid: 'k1' }), /RS256/],
    ['without access_as_user', () => token({ scp: 'User.Read' }), /access_as_user/],
  ];
  for (const [name, make, reason] of refused) {
    it(`refuses a token ${name}`, async () => {
      const result = await check.verify(make(), ALEX);
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, reason);
    });
  }

  it('refuses a token signed by a key Entra rotated out', async () => {
    const t = token();
    assert.equal((await check.verify(t, ALEX)).ok, true);
    published = { keys: [jwk(k2.publicKey, 'k2')] };
    const result = await check.verify(t, ALEX);
    assert.deepEqual([result.ok, (result as { reason: string }).reason], [false, 'unknown signing key']);
  });

  describe("Entra's keys over HTTP", () => {
    let server: Server;
    let base = '';
    let jwksFetches = 0;
    let metadataFetches = 0;
    let served: JSONWebKeySet = { keys: [] };
    let delayMs = 0;
    before(async () => {
      server = createServer((req, res) => {
        setTimeout(() => {
          if (req.url?.endsWith('/openid-configuration')) {
            metadataFetches += 1;
            res.end(JSON.stringify({ jwks_uri: `${base}/keys` }));
          } else {
            jwksFetches += 1;
            res.end(JSON.stringify(served));
          }
        }, delayMs);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches once for many checks at the same time, and again for a kid it does not know (after the cooldown)', async () => {
      served = { keys: [jwk(k1.publicKey, 'k1')] };
      delayMs = 50;
      const remote = new EntraTokenCheck({
        tenantId: TENANT,
        authorityHost: base,
        appIdUri: API,
        clientId: APP,
        extraClientIds: [],
        clock: { now: () => NOW },
        keys: entraKeys(base, TENANT),
      });
      const iss = `${base}/${TENANT}/v2.0`;
      const results = await Promise.all(Array.from({ length: 20 }, () => remote.verify(token({ iss }), ALEX)));
      assert.ok(
        results.every((r) => r.ok),
        JSON.stringify(results.find((r) => !r.ok)),
      );
      assert.deepEqual([metadataFetches, jwksFetches], [1, 1], 'one metadata read, one key fetch in flight');
      // A made-up kid within the cooldown: refused without another fetch.
      const unknown = await remote.verify(token({ iss }, { kid: 'nope' }), ALEX);
      assert.equal(unknown.ok, false);
      assert.equal(jwksFetches, 1, 'no fetch during the cooldown');
    });
  });
});
