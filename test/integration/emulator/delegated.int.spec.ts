// The emulator as Entra for delegated calls: a Teams SSO token from /_emulator/user-token, exchanged by
// the real @azure/identity OnBehalfOfCredential at the emulator's token endpoint, then TAP create with
// the delegated Graph token — Graph decides by the signed-in user's active roles and their scope.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { OnBehalfOfCredential } from '@azure/identity';
import type { Emulator } from '../../harness/emulator';
import { CONTOSO, type GraphCall, graphCaller, startTestEmulator } from '../../support/emulator';
import { PEOPLE, ROLES, UNITS } from './contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- token and Graph JSON */
const TAP_WRITE = 'https://graph.microsoft.com/UserAuthMethod-TAP.ReadWrite.All';
const INSUFFICIENT = 'Insufficient privileges to complete the operation.';
const taps = (user: string) => `/users/${user}/authentication/temporaryAccessPassMethods`;
const ISAIAHL = '23197194-9a00-5288-8e85-979dd14d4275';
const LEEG = '61ee6498-7382-539d-bb56-ded6fb935ff4';

/** Contoso as the delegated mode needs it: TAP write consented as a delegated scope, an MFA demand for
 * Miriam, a rule drift for Patti, and Enrico as Authentication Administrator of the restricted unit. */
function delegatedContoso(): object {
  const seed = JSON.parse(readFileSync(CONTOSO, 'utf8'));
  seed.applications[0].grantedDelegatedPermissions = ['UserAuthMethod-TAP.ReadWrite.All'];
  seed.delegatedAccess = { interactionRequired: [PEOPLE.miriamg], refusedTapWrites: [PEOPLE.pattif] };
  seed.roleAssignments.push({
    id: randomUUID(),
    principalId: PEOPLE.enricoc,
    roleDefinitionId: ROLES.authenticationAdministrator,
    directoryScopeId: `/administrativeUnits/${UNITS.executive}`,
  });
  return seed;
}

function claimsOf(token: string): any {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));
}

describe('emulated Entra and Graph: delegated (on-behalf-of) calls', function () {
  this.timeout(30_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startTestEmulator({ seed: delegatedContoso() });
  });
  after(async () => {
    await emulator?.close();
  });

  async function userToken(body: object): Promise<string> {
    const response = await fetch(`${emulator.baseUrl}/_emulator/user-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as any;
    assert.equal(response.status, 200, JSON.stringify(answer));
    return answer.token as string;
  }

  function credential(assertion: string): OnBehalfOfCredential {
    // OnBehalfOfCredential's option types omit disableInstanceDiscovery, but it passes it on to MSAL.
    const options = {
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      userAssertionToken: assertion,
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
    };
    return new OnBehalfOfCredential(options);
  }

  async function graphToken(userId: string, scopes = [TAP_WRITE]): Promise<string> {
    return (await credential(await userToken({ userId })).getToken(scopes)).token;
  }

  async function exchangeError(assertion: string, scopes = [TAP_WRITE]): Promise<string> {
    try {
      await credential(assertion).getToken(scopes);
    } catch (error) {
      return (error as Error).message;
    }
    assert.fail('the exchange should have been refused');
  }

  async function createAs(actor: string, target: string): Promise<{ status: number; body: any }> {
    const token = await graphToken(actor);
    const response = await fetch(`${emulator.graphUrl}${taps(target)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lifetimeInMinutes: 60 }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function rawExchange(assertion: string, scope: string): Promise<{ status: number; body: any }> {
    const response = await fetch(emulator.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        assertion,
        scope,
        requested_token_use: 'on_behalf_of',
      }),
    });
    return { status: response.status, body: await response.json() };
  }

  describe('tokens', () => {
    it('the SSO token is for the bot API, scope access_as_user, signed with the key the metadata serves', async () => {
      const token = await userToken({ userId: PEOPLE.meganb });
      const claims = claimsOf(token);
      assert.deepEqual(
        [claims.aud, claims.scp, claims.oid, claims.tid, claims.ver],
        [`api://botid-${emulator.clientId}`, 'access_as_user', PEOPLE.meganb, emulator.tenantId, '2.0'],
      );
      const keys = (await (await fetch(`${emulator.baseUrl}/${emulator.tenantId}/discovery/v2.0/keys`)).json()) as any;
      const kid = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8')).kid;
      assert.ok(
        keys.keys.some((k: any) => k.kid === kid),
        'signed by a key of the JWKS',
      );
    });

    it('the on-behalf-of exchange gives a delegated Graph token: scp, the user oid, tid, aud Graph, the app as azp/appid, idtyp user', async () => {
      const claims = claimsOf(await graphToken(PEOPLE.meganb));
      assert.deepEqual(
        [claims.aud, claims.scp, claims.oid, claims.tid, claims.appid, claims.azp, claims.idtyp, claims.roles],
        [
          'https://graph.microsoft.com',
          'UserAuthMethod-TAP.ReadWrite.All',
          PEOPLE.meganb,
          emulator.tenantId,
          emulator.clientId,
          emulator.clientId,
          'user',
          undefined,
        ],
      );
    });

    it('a scope nobody consented to: AADSTS65001 invalid_grant, suberror consent_required, surfaced by @azure/identity', async () => {
      const assertion = await userToken({ userId: PEOPLE.meganb });
      assert.match(await exchangeError(assertion, ['https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All']), /AADSTS65001/);
      const raw = await rawExchange(assertion, 'https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All');
      assert.deepEqual(
        [raw.status, raw.body.error, raw.body.suberror, raw.body.error_codes],
        [400, 'invalid_grant', 'consent_required', [65001]],
      );
    });

    it('an MFA demand (delegatedAccess.interactionRequired): interaction_required AADSTS50076 with a claims challenge', async () => {
      const assertion = await userToken({ userId: PEOPLE.miriamg });
      assert.match(await exchangeError(assertion), /AADSTS50076/);
      const raw = await rawExchange(assertion, TAP_WRITE);
      assert.deepEqual([raw.status, raw.body.error, raw.body.error_codes], [400, 'interaction_required', [50076]]);
      assert.ok(JSON.parse(raw.body.claims).access_token.capolids.values.length === 1, 'the challenge names the policy');
    });

    it('expired, foreign-tenant, wrong-audience or disabled-user assertions are refused as Entra does', async () => {
      assert.match(await exchangeError(await userToken({ userId: PEOPLE.meganb, expiresInSeconds: -120 })), /AADSTS500133/);
      assert.match(await exchangeError(await userToken({ userId: PEOPLE.meganb, tenantId: randomUUID() })), /AADSTS50013/);
      assert.match(
        await exchangeError(await userToken({ userId: PEOPLE.meganb, audience: 'https://graph.microsoft.com' })),
        /AADSTS50013.*audience/,
      );
      assert.match(await exchangeError(await userToken({ userId: PEOPLE.diegos })), /AADSTS50057/);
      const forged = `${(await userToken({ userId: PEOPLE.meganb })).slice(0, -4)}AAAA`;
      assert.match(await exchangeError(forged), /AADSTS50013/);
    });

    it('a delegated token cannot be presented as an assertion again (audience is Graph, not the app)', async () => {
      assert.match(await exchangeError(await graphToken(PEOPLE.meganb)), /AADSTS50013/);
    });
  });

  describe("TAP create with the signed-in user's rights", () => {
    const denied = (answer: { status: number; body: any }) => {
      assert.equal(answer.status, 403, JSON.stringify(answer.body));
      assert.deepEqual([answer.body.error.code, answer.body.error.message], ['Authorization_RequestDenied', INSUFFICIENT]);
    };

    it('an Authentication Administrator for an ordinary member: 201, logged as delegated with her oid', async () => {
      emulator.resetStats();
      const created = await createAs(PEOPLE.meganb, PEOPLE.alexw);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(typeof created.body.temporaryAccessPass, 'string');
      const entry = emulator.stats().log.find((e) => e.route === 'POST /users/{id}/authentication/temporaryAccessPassMethods');
      assert.deepEqual([entry?.status, entry?.token, entry?.userId], [201, 'delegated', PEOPLE.meganb]);
      const served = (await (await fetch(`${emulator.baseUrl}/_emulator/stats`)).json()) as any;
      assert.ok(
        served.log.some((e: any) => e.token === 'delegated' && e.userId === PEOPLE.meganb && e.status === 201),
        '/_emulator/stats shows it too',
      );
    });

    it('an Authentication Administrator for a Global Administrator or an Exchange Administrator: 403; a Privileged Authentication Administrator: 201', async () => {
      denied(await createAs(PEOPLE.meganb, LEEG));
      denied(await createAs(PEOPLE.meganb, ISAIAHL));
      assert.equal((await createAs(PEOPLE.adelev, LEEG)).status, 201);
      assert.equal((await createAs(PEOPLE.adelev, ISAIAHL)).status, 201);
    });

    it('an Authentication Administrator scoped to Munich: 201 inside the unit (Reports Reader included), 403 outside', async () => {
      assert.equal((await createAs(PEOPLE.jonis, PEOPLE.gradya)).status, 201);
      assert.equal((await createAs(PEOPLE.jonis, PEOPLE.lynner)).status, 201);
      denied(await createAs(PEOPLE.jonis, PEOPLE.alexw));
    });

    it('a member of a restricted-management unit: only an admin scoped to that unit (not even a Global Administrator)', async () => {
      denied(await createAs(PEOPLE.meganb, PEOPLE.nestorw));
      denied(await createAs(LEEG, PEOPLE.nestorw));
      assert.equal((await createAs(PEOPLE.enricoc, PEOPLE.nestorw)).status, 201);
    });

    it('a member of a role-assignable group: not an Authentication Administrator, a Privileged Authentication Administrator yes', async () => {
      denied(await createAs(PEOPLE.meganb, PEOPLE.gerhartm));
      assert.equal((await createAs(PEOPLE.adelev, PEOPLE.gerhartm)).status, 201);
    });

    it('a PIM-eligible (not active) Privileged Authentication Administrator, or a user with no role: 403', async () => {
      denied(await createAs(PEOPLE.henriettam, PEOPLE.alexw));
      denied(await createAs(PEOPLE.christiec, PEOPLE.alexw));
    });

    it('a seeded rule drift (delegatedAccess.refusedTapWrites): an Authentication Administrator through a role-assignable group is refused', async () => {
      denied(await createAs(PEOPLE.pattif, PEOPLE.alexw));
    });

    it('delete and reads follow the same rules (the write scope also reads)', async () => {
      const created = await createAs(PEOPLE.meganb, PEOPLE.christiec);
      assert.equal(created.status, 201);
      const url = `${emulator.graphUrl}${taps(PEOPLE.christiec)}/${created.body.id as string}`;
      const megan = await graphToken(PEOPLE.meganb);
      const jonis = await graphToken(PEOPLE.jonis);
      assert.equal((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${jonis}` } })).status, 403, 'out of scope');
      assert.equal(
        (await fetch(url, { method: 'GET', headers: { authorization: `Bearer ${megan}` } })).status,
        200,
        'the write scope reads too',
      );
      assert.equal((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${megan}` } })).status, 204);
    });

    it('application tokens keep their behaviour and are logged as application tokens without a user', async () => {
      emulator.resetStats();
      const call: GraphCall = await graphCaller(emulator);
      assert.equal((await call('POST', taps(PEOPLE.meganb), { lifetimeInMinutes: 60 })).status, 201);
      assert.equal((await call('POST', taps(PEOPLE.nestorw), { lifetimeInMinutes: 60 })).status, 403);
      const entries = emulator.stats().log;
      assert.ok(entries.length >= 2 && entries.every((e) => e.token === 'application' && e.userId === undefined));
    });
  });
});
