// The emulated Entra token endpoint: OpenID metadata a client library reads, client-credential tokens
// for the seed's applications (RS256, Graph audience, roles = granted permissions), AADSTS refusals,
// and the production credential + Graph client code running unchanged against it over HTTPS.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { ClientSecretCredential } from '@azure/identity';
import jwt from 'jsonwebtoken';
import type { Emulator } from '../../harness/emulator';
import { GRAPH_SCOPE, createCredential, createGraphClient } from '../../../src/graph/client';
import { graphCaller, requestToken, startTestEmulator } from '../../support/emulator';
import { GRAPH_FIXTURES } from '../../support/fixture-paths';
import { PEOPLE } from './contoso-people';
import { shapeDiff } from './shape';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any -- token endpoint and Graph JSON */
const STS_ERROR_EXAMPLE = JSON.parse(readFileSync(path.join(GRAPH_FIXTURES, 'aadsts-oauth-error-response-example.json'), 'utf8'));

async function form(emulator: Emulator, fields: Record<string, string>, tenant = emulator.tenantId, init: RequestInit = {}) {
  const response = await fetch(`${emulator.baseUrl}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    ...init,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('emulated Entra ID', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  const good = () => ({
    grant_type: 'client_credentials',
    client_id: emulator.clientId,
    client_secret: emulator.clientSecret,
    scope: GRAPH_SCOPE,
  });

  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator?.close();
  });

  it('serves OpenID metadata (v2 and v1) for the tenant id and its domains, pointing at itself', async () => {
    for (const tenant of [emulator.tenantId, 'contoso.onmicrosoft.com', 'CONTOSO.COM']) {
      const v2 = (await (await fetch(`${emulator.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`)).json()) as any;
      assert.equal(v2.token_endpoint, emulator.tokenUrl);
      assert.equal(v2.issuer, `${emulator.baseUrl}/${emulator.tenantId}/v2.0`);
    }
    const v1 = (await (await fetch(`${emulator.baseUrl}/${emulator.tenantId}/.well-known/openid-configuration`)).json()) as any;
    assert.equal(v1.issuer, `https://sts.windows.net/${emulator.tenantId}/`);
    const discovery = (await (
      await fetch(`${emulator.baseUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`)
    ).json()) as any;
    assert.equal(discovery.metadata[0].preferred_network, new URL(emulator.baseUrl).host);
  });

  it('issues RS256 tokens for Graph with tid, appid and roles, verifiable with its JWKS, valid one hour', async () => {
    const { status, body } = await form(emulator, good());
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.ok(body.expires_in > 3500 && body.expires_in <= 3600);
    const { keys } = (await (await fetch(`${emulator.baseUrl}/${emulator.tenantId}/discovery/v2.0/keys`)).json()) as any;
    const header = jwt.decode(body.access_token, { complete: true })!.header;
    assert.equal(header.alg, 'RS256');
    const key = keys.find((k: any) => k.kid === header.kid);
    const claims = jwt.verify(body.access_token, createPublicKey({ key, format: 'jwk' })) as any;
    assert.equal(claims.aud, 'https://graph.microsoft.com');
    assert.equal(claims.tid, emulator.tenantId);
    assert.equal(claims.appid, emulator.clientId);
    assert.equal(claims.iss, `https://sts.windows.net/${emulator.tenantId}/`);
    assert.ok(claims.roles.includes('UserAuthMethod-TAP.ReadWrite.All') && claims.roles.includes('User.Read.All'));
    assert.ok(Math.abs(claims.exp - claims.iat - 3600) <= 1);
  });

  it('accepts a domain as the tenant, the Graph app id as resource, and client_secret_basic', async () => {
    assert.equal((await form(emulator, good(), 'contoso.com')).status, 200);
    assert.equal((await form(emulator, { ...good(), scope: '00000003-0000-0000-c000-000000000000/.default' })).status, 200);
    const { client_id: id, client_secret: secret, ...rest } = good();
    const basic = await form(emulator, rest, emulator.tenantId, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      },
    });
    assert.equal(basic.status, 200);
  });

  it("refuses with Entra's AADSTS codes in the OAuth error shape", async () => {
    const cases: Array<[Record<string, string>, string, number, number, string]> = [
      [{ ...good(), client_secret: 'wrong' }, emulator.tenantId, 401, 7000215, 'invalid_client'],
      [{ ...good(), client_id: '11111111-2222-3333-4444-555555555555' }, emulator.tenantId, 400, 700016, 'unauthorized_client'],
      [good(), 'fabrikam.com', 400, 90002, 'invalid_tenant'],
      [{ ...good(), grant_type: 'password' }, emulator.tenantId, 400, 70003, 'unsupported_grant_type'],
      [{ ...good(), scope: 'User.Read' }, emulator.tenantId, 400, 1002012, 'invalid_scope'],
      [{ ...good(), scope: 'api://someone-else/.default' }, emulator.tenantId, 400, 500011, 'invalid_resource'],
      [{ grant_type: 'client_credentials', scope: GRAPH_SCOPE }, emulator.tenantId, 400, 900144, 'invalid_request'],
    ];
    for (const [fields, tenant, status, code, error] of cases) {
      const answer = await form(emulator, fields, tenant);
      assert.equal(answer.status, status, `${code}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error, error);
      assert.deepEqual(answer.body.error_codes, [code]);
      assert.match(
        answer.body.error_description,
        new RegExp(
          `^AADSTS${code}: .*\\r\\nTrace ID: .*\\r\\nCorrelation ID: .*\\r\\nTimestamp: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z$`,
          's',
        ),
      );
      assert.deepEqual(shapeDiff(STS_ERROR_EXAMPLE, answer.body), []);
    }
    const get = await fetch(emulator.tokenUrl);
    assert.equal(((await get.json()) as any).error_codes[0], 900561);
  });

  it('@azure/identity ClientSecretCredential gets a token unchanged (custom authority, no instance discovery)', async () => {
    const credential = new ClientSecretCredential(emulator.tenantId, emulator.clientId, emulator.clientSecret, {
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
    });
    const token = await credential.getToken(GRAPH_SCOPE);
    assert.ok(token?.token && token.expiresOnTimestamp > Date.now() + 50 * 60_000);
    assert.equal((jwt.decode(token.token) as any).appid, emulator.clientId);
  });

  it('createGraphClient reads a contoso user over HTTPS with the bearer token attached', async () => {
    const { client } = createGraphClient({
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      authorityHost: emulator.authorityHost,
      graphBaseUrl: emulator.graphUrl,
    });
    const user = await client.api(`/users/${PEOPLE.alexw}`).select('displayName,accountEnabled').get();
    assert.equal(user.displayName, 'Alex Wilber');
    assert.equal(user.accountEnabled, true);
    const byUpn = await client.api('/users/meganb@contoso.com').get();
    assert.equal(byUpn.id, PEOPLE.meganb);
  });

  it('a wrong secret is a credential error carrying AADSTS7000215', async () => {
    const credential = createCredential({
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: 'not-the-secret',
      authorityHost: `${emulator.authorityHost}/`,
    });
    await assert.rejects(
      () => credential.getToken(GRAPH_SCOPE),
      (error: Error) => /AADSTS7000215/.test(error.message),
    );
    const { client } = createGraphClient({
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: 'not-the-secret',
      authorityHost: emulator.authorityHost,
      graphBaseUrl: emulator.graphUrl,
    });
    await assert.rejects(
      () => client.api(`/users/${PEOPLE.alexw}`).get(),
      (error: Error) => /AADSTS7000215/.test(error.message),
    );
  });

  it('createGraphClient insists on https and on some credential', () => {
    assert.throws(
      () => createGraphClient({ tenantId: 't', clientId: 'c', clientSecret: 's', graphBaseUrl: 'http://127.0.0.1:1/v1.0' }),
      /must be https/,
    );
    assert.throws(() => createCredential({ tenantId: 't', clientId: 'c' }), /managed identity, a certificate or a client secret/);
  });

  it('Graph answers 401 InvalidAuthenticationToken without a valid token of this tenant', async () => {
    const other = await startTestEmulator();
    try {
      const foreign = (await requestToken(other)).body.access_token as string;
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{}, /^Access token is empty\.$/],
        [{ authorization: 'Bearer not.a.jwt' }, /^Access token validation failure/],
        [{ authorization: `Bearer ${foreign}` }, /^Access token validation failure/],
      ];
      for (const [headers, message] of cases) {
        const response = await fetch(`${emulator.graphUrl}/users/${PEOPLE.alexw}`, { headers });
        const body = (await response.json()) as any;
        assert.equal(response.status, 401);
        assert.equal(body.error.code, 'InvalidAuthenticationToken');
        assert.match(body.error.message, message);
        assert.ok(response.headers.get('www-authenticate'));
        assert.equal(response.headers.get('request-id'), body.error.innerError['request-id']);
      }
    } finally {
      await other.close();
    }
  });

  it('answers unknown routes, wrong methods and /me like Graph', async () => {
    const call = await graphCaller(emulator);
    const unknown = await call('GET', `/users/${PEOPLE.alexw}/photos`);
    assert.deepEqual(
      [unknown.status, unknown.body.error.code, unknown.body.error.message],
      [400, 'BadRequest', "Resource not found for the segment 'photos'."],
    );
    const wrongMethod = await call('DELETE', `/users/${PEOPLE.alexw}`);
    assert.deepEqual([wrongMethod.status, wrongMethod.body.error.code], [405, 'Request_BadRequest']);
    const me = await call('GET', '/me');
    assert.deepEqual([me.status, me.body.error.message], [400, '/me request is only valid with delegated authentication flow.']);
    const elsewhere = await fetch(`${emulator.baseUrl}/v2.0/users`);
    assert.equal(elsewhere.status, 404);
    const clientRequestId = 'c0ffee00-0000-4000-8000-000000000000';
    const echoed = await call('GET', '/users/nobody@contoso.com', undefined, { 'client-request-id': clientRequestId });
    assert.equal(echoed.body.error.innerError['client-request-id'], clientRequestId);
    assert.match(echoed.body.error.innerError.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });
});
