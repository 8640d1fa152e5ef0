// The emulator as the Bot Framework token service (the paths botframework-connector's TokenApiClient calls) and as
// Graph for self-service: the sign-in resource for a TokenExchangeState, the person finishing the sign-in page
// (POST /_emulator/sign-in), the token by magic code (once, for that Teams user only), sign out, the exchange;
// a person deleting their own pass with a delegated token and no role (also through /me), not someone else's; and
// revokeSignInSessions on oneself (scope only) and on others (scope and a role), logged as app or delegated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MicrosoftAppCredentials, TokenApiClient } from 'botframework-connector';
import type { Emulator } from '../../harness/emulator';
import { CONTOSO, startTestEmulator } from '../../support/emulator';
import { PEOPLE } from './contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- protocol JSON */
const CONNECTION = 'tapdesk-sso';

function seed(): object {
  const s = JSON.parse(readFileSync(CONTOSO, 'utf8'));
  s.applications[0].grantedDelegatedPermissions = ['UserAuthMethod-TAP.ReadWrite.All', 'User.RevokeSessions.All'];
  return s;
}

function state(teamsUserId: string, appId: string): string {
  const exchange = {
    connectionName: CONNECTION,
    conversation: { user: { id: teamsUserId }, conversation: { id: 'a:1' }, channelId: 'msteams', serviceUrl: 'https://smba.example/' },
    msAppId: appId,
  };
  return Buffer.from(JSON.stringify(exchange)).toString('base64');
}

describe('emulated Bot Framework token service and self-service Graph', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let client: TokenApiClient;

  before(async () => {
    emulator = await startTestEmulator({ seed: seed() });
    // The SDK's own client for the token service, pointed at the emulator as BOTFRAMEWORK_OAUTH_URL points the bot.
    client = new TokenApiClient(MicrosoftAppCredentials.Empty, { baseUri: emulator.baseUrl });
  });
  after(async () => {
    await emulator?.close();
  });

  async function signIn(userId: string, signInUrl: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${emulator.baseUrl}/_emulator/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, signInUrl }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function graph(method: string, path: string, token: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${emulator.graphUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** A delegated Graph token for `who`, through the token service as the bot gets one after the sign-in page. */
  async function tokenFor(who: string): Promise<string> {
    const teamsUser = `29:${who}`;
    const resource = (await client.botSignIn.getSignInResource(state(teamsUser, emulator.clientId)))._response.parsedBody as any;
    const { body } = await signIn(who, resource.signInLink);
    const token = (await client.userToken.getToken(teamsUser, CONNECTION, { channelId: 'msteams', code: body.magicCode }))._response
      .parsedBody as any;
    assert.ok(token.token, JSON.stringify(token));
    return token.token as string;
  }

  it('gives a sign-in resource, a code for the person who signs in, and the token once for that Teams user', async () => {
    const teamsUser = `29:${PEOPLE.meganb}`;
    const resource = (await client.botSignIn.getSignInResource(state(teamsUser, emulator.clientId)))._response.parsedBody as any;
    assert.match(resource.signInLink, /\/_emulator\/sign-in-page\?link=/);
    assert.equal(resource.tokenExchangeResource.uri, `api://botid-${emulator.clientId}`);
    const { status, body } = await signIn(PEOPLE.meganb, resource.signInLink);
    assert.equal(status, 200);
    assert.match(body.magicCode, /^\d{6}$/);
    // Another Teams user cannot redeem it.
    const stolen = await client.userToken.getToken(`29:${PEOPLE.adelev}`, CONNECTION, { channelId: 'msteams', code: body.magicCode });
    assert.equal(stolen._response.status, 404);
    const got = await client.userToken.getToken(teamsUser, CONNECTION, { channelId: 'msteams', code: body.magicCode });
    const token = got._response.parsedBody as any;
    assert.equal(got._response.status, 200);
    assert.equal(JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString()).oid, PEOPLE.meganb);
    assert.equal(token.connectionName, CONNECTION);
    // Held for the user and connection (no code needed), until signed out.
    assert.equal((await client.userToken.getToken(teamsUser, CONNECTION, { channelId: 'msteams' }))._response.status, 200);
    await client.userToken.signOut(teamsUser, { connectionName: CONNECTION, channelId: 'msteams' });
    assert.equal(
      (await client.userToken.getToken(teamsUser, CONNECTION, { channelId: 'msteams', code: body.magicCode }))._response.status,
      404,
      'a used code is spent',
    );
    assert.equal((await signIn(PEOPLE.meganb, resource.signInLink)).status, 400, 'a sign-in link is good once');
  });

  it("exchanges a Teams SSO token for the connection's token, and refuses an expired one", async () => {
    const sso = async (extra: object) =>
      (
        (await (
          await fetch(`${emulator.baseUrl}/_emulator/user-token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ userId: PEOPLE.adelev, ...extra }),
          })
        ).json()) as any
      ).token as string;
    const ok = await client.userToken.exchangeAsync(`29:${PEOPLE.adelev}`, CONNECTION, 'msteams', {
      uri: `api://botid-${emulator.clientId}`,
      token: await sso({}),
    });
    assert.ok((ok as any).token);
    const expired = (await client.userToken.exchangeAsync(`29:${PEOPLE.adelev}`, CONNECTION, 'msteams', {
      token: await sso({ expiresInSeconds: -600 }),
    })) as any;
    assert.equal(expired.token, undefined);
    assert.match(JSON.stringify(expired), /AADSTS500133|not within its valid time range/);
  });

  it("a person deletes their own pass with their delegated token and no role (also via /me), but not someone else's", async () => {
    const app = (await (
      await fetch(emulator.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: emulator.clientId,
          client_secret: emulator.clientSecret,
          scope: 'https://graph.microsoft.com/.default',
        }),
      })
    ).json()) as any;
    for (const who of [PEOPLE.christiec, PEOPLE.alexw]) {
      assert.equal((await graph('POST', `/users/${who}/authentication/temporaryAccessPassMethods`, app.access_token)).status, 201);
    }
    const christie = await tokenFor(PEOPLE.christiec);
    const mine = (await graph('GET', '/me/authentication/temporaryAccessPassMethods', christie)).body.value[0];
    assert.ok(mine, 'Christie reads her own pass through /me');
    const alexPass = (await graph('GET', `/users/${PEOPLE.alexw}/authentication/temporaryAccessPassMethods`, app.access_token)).body
      .value[0];
    assert.equal(
      (await graph('DELETE', `/users/${PEOPLE.alexw}/authentication/temporaryAccessPassMethods/${alexPass.id}`, christie)).status,
      403,
      "not another person's",
    );
    assert.equal((await graph('DELETE', `/me/authentication/temporaryAccessPassMethods/${mine.id}`, christie)).status, 204);
    assert.equal(
      (await graph('DELETE', '/me/authentication/temporaryAccessPassMethods/x', app.access_token)).status,
      400,
      '/me needs a delegated token',
    );
    const log = emulator.stats().log.filter((e) => e.method === 'DELETE');
    assert.deepEqual(
      log.map((e) => [e.status, e.token, e.userId]),
      [
        [403, 'delegated', PEOPLE.christiec],
        [204, 'delegated', PEOPLE.christiec],
        [400, 'application', undefined],
      ],
    );
  });

  it('revokeSignInSessions: on oneself with the scope; on another user only with a role that may; logged as app or delegated', async () => {
    const christie = await tokenFor(PEOPLE.christiec);
    const adele = await tokenFor(PEOPLE.adelev);
    const self = await graph('POST', '/me/revokeSignInSessions', christie);
    assert.deepEqual([self.status, self.body.value], [200, true]);
    assert.equal((await graph('POST', `/users/${PEOPLE.alexw}/revokeSignInSessions`, christie)).status, 403, 'no role over Alex');
    assert.equal(
      (await graph('POST', `/users/${PEOPLE.alexw}/revokeSignInSessions`, adele)).status,
      200,
      'a Privileged Authentication Administrator may',
    );
    const sessions = emulator.stats().log.filter((e) => /revokeSignInSessions/.test(e.path));
    assert.deepEqual(
      sessions.map((e) => [e.status, e.token, e.userId]),
      [
        [200, 'delegated', PEOPLE.christiec],
        [403, 'delegated', PEOPLE.christiec],
        [200, 'delegated', PEOPLE.adelev],
      ],
    );
  });
});
