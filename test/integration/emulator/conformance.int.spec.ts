// The emulated tenant answers like Microsoft Graph: for every documented example in
// shared/graph/fixtures, the same request to the emulator (contoso) answers with the same property
// names and JSON value types (ids, times and values aside; null where contoso has no such data).
// Also: the production credential and Graph client code work against it, a missing permission is a
// 403, and a second tenant file loads.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGraphClient } from '../../../src/graph/client';
import type { Emulator } from '../../../src/emulator';
import { startTestEmulator } from '../../support/emulator';

/* eslint-disable @typescript-eslint/no-explicit-any */
const FIXTURES = path.resolve(__dirname, '../../../../shared/graph/fixtures');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

const ALEX = 'e6b86ab2-975a-5fd3-8c34-ba702a39c097';
const MEGAN = '9d9c0f6f-0cf5-51fc-baeb-a3d4e9465c09';
const PATTI = 'e0129833-b550-59bd-a39c-be3043c847b2';
const FINANCE_POLICY = 'fc8fc6fc-94e7-595f-8d48-70f182da1d22';

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Differences between the fixture's shape and the answer's: missing names or other JSON types. */
export function shapeDiff(expected: unknown, actual: unknown, at = '$'): string[] {
  if (expected === null || actual === null || expected === undefined) return [];
  if (kind(expected) !== kind(actual)) return [`${at}: ${kind(expected)} in the docs, ${kind(actual)} here`];
  if (Array.isArray(expected)) {
    const [e] = expected;
    // Polymorphic collections (methods, directory objects): compare items of the same @odata.type.
    const type = (e as any)?.['@odata.type'];
    const a = type ? (actual as any[]).find((item) => item?.['@odata.type'] === type) : (actual as unknown[])[0];
    return e === undefined || a === undefined ? [] : shapeDiff(e, a, `${at}[0]`);
  }
  if (typeof expected === 'object') {
    const problems: string[] = [];
    // Header maps are free-form: only their type is compared.
    if (at.endsWith('.headers')) return [];
    for (const [key, value] of Object.entries(expected as object)) {
      // OData annotations (x@odata.context, @odata.nextLink) come and go; @odata.type is shape.
      if (key.includes('@odata.') && key !== '@odata.type') continue;
      if (!(key in (actual as object))) problems.push(`${at}.${key}: missing`);
      else problems.push(...shapeDiff(value, (actual as any)[key], `${at}.${key}`));
    }
    return problems;
  }
  return [];
}

interface Case {
  /** The request the documented example answers, made against contoso. */
  request?: (call: Caller) => Promise<{ status: number; body: any }>;
  status?: number;
  /** Why a fixture is not compared (request bodies, beta-only, type templates). */
  skip?: string;
  /** Part of the fixture to compare, when the doc example wraps or isolates a fragment. */
  pick?: (fixture: any) => any;
  pickActual?: (body: any) => any;
}

type Caller = (method: string, url: string, body?: unknown) => Promise<{ status: number; body: any }>;

const CASES: Record<string, Case> = {
  'aadsts-oauth-error-response-example.json': { skip: 'token endpoint: compared in the credential test below' },
  'auth-methods-list-response-200.json': { request: (c) => c('GET', `/users/${ALEX}/authentication/methods`), status: 200 },
  'batch-dependson-request.json': { skip: 'a request body (the dependsOn behaviour is tested in the batch test below)' },
  'batch-request.json': { skip: 'a request body' },
  'batch-response-200.json': {
    request: (c) => c('POST', '/$batch', { requests: [{ id: '1', method: 'GET', url: `/users/${ALEX}` }, { id: '2', method: 'GET', url: `/users/${ALEX}/memberOf` }] }),
    status: 200,
  },
  'beta-roledefinitions-isprivileged-response-200.json': { skip: 'beta only; TAP Desk uses v1.0' },
  'beta-transitiveroleassignments-all-response-200.json': { skip: 'beta only; TAP Desk uses v1.0 roleAssignments with transitive memberships' },
  'beta-transitiveroleassignments-au-scoped-response-200.json': { skip: 'beta only' },
  'ca-policies-list-response-200.json': { request: (c) => c('GET', '/identity/conditionalAccess/policies'), status: 200 },
  'ca-policy-get-response-200.json': { request: (c) => c('GET', `/identity/conditionalAccess/policies/${FINANCE_POLICY}`), status: 200 },
  'checkmembergroups-request.json': { skip: 'a request body' },
  'checkmembergroups-response-200.json': {
    request: (c) => c('POST', `/users/${MEGAN}/checkMemberGroups`, { groupIds: ['e84af64a-6cea-595c-ae63-8594b90b5864', '80e196ed-eea2-58e0-b72f-554984fe5847'] }),
    status: 200,
  },
  'error-generic-example.json': { request: (c) => c('GET', '/users/00000000-0000-0000-0000-000000000000'), status: 404 },
  'riskyuser-get-response-200-beta-legacy.json': { skip: 'an old beta example with a legacy property (isGuest)' },
  'riskyuser-get-response-200-v1-TYPE-TEMPLATE.json': {
    request: (c) => c('GET', '/identityProtection/riskyUsers/c9c943a0-6d7a-5587-8f33-6c2270266f32'),
    status: 200,
    // The v1.0 doc shows a type template (values are type names) wrapped in value[]: compare names only.
    pick: (f) => Object.fromEntries(Object.keys(f.value[0]).map((k) => [k, null])),
  },
  'roleassignments-filter-principal-response-200.json': { request: (c) => c('GET', `/roleManagement/directory/roleAssignments?$filter=principalId eq '${MEGAN}'`), status: 200 },
  'roleassignments-filter-roledef-expand-principal-response-200.json': {
    request: (c) => c('GET', `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'`),
    status: 200,
    // TAP Desk does not $expand principal; the assignment itself must match.
    pick: (f) => ({ value: f.value.map(({ principal: _p, ...rest }: any) => rest) }),
  },
  'roleassignmentscheduleinstances-list-response-200.json': { skip: 'not used: active assignments come from roleAssignments' },
  'signin-status-example.json': {
    request: (c) => c('GET', `/auditLogs/signIns?$filter=userId eq '14222f58-8423-5764-8035-87428ca3adba'`),
    status: 200,
    pickActual: (b) => b.value[0].status,
  },
  'signins-list-response-200.json': { request: (c) => c('GET', '/auditLogs/signIns'), status: 200 },
  'tap-create-error-lifetime-THIRD-PARTY.json': { request: (c) => c('POST', `/users/${ALEX}/authentication/temporaryAccessPassMethods`, { lifetimeInMinutes: 5000 }), status: 400 },
  'tap-create-request.json': { skip: 'a request body (used as the body of the create below)' },
  'tap-create-response-201.json': {
    request: (c) => c('POST', `/users/${ALEX}/authentication/temporaryAccessPassMethods`, { ...fixture('tap-create-request.json'), startDateTime: new Date().toISOString() }),
    status: 201,
  },
  'tap-get-response-200.json': {
    request: async (c) => {
      const list = await c('GET', '/users/lidiah@contoso.com/authentication/temporaryAccessPassMethods');
      const lidia = list.body.value[0].id;
      return c('GET', `/users/lidiah@contoso.com/authentication/temporaryAccessPassMethods/${lidia}`);
    },
    status: 200,
  },
  'tap-list-response-200.json': { request: (c) => c('GET', '/users/lidiah@contoso.com/authentication/temporaryAccessPassMethods'), status: 200 },
  'tap-policy-get-response-200.json': { request: (c) => c('GET', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass'), status: 200 },
  'throttling-429-response.json': { skip: 'compared in the fault test below (needs a fault rule)' },
  'user-get-404-THIRD-PARTY.json': { request: (c) => c('GET', '/users/00000000-0000-0000-0000-000000000000'), status: 404 },
  'user-get-default-response-200.json': { request: (c) => c('GET', `/users/${ALEX}`), status: 200 },
  'user-get-select-identities-response-200.json': { request: (c) => c('GET', `/users/${ALEX}?$select=displayName,givenName,postalCode,identities`), status: 200 },
  'user-memberof-response-200.json': { request: (c) => c('GET', `/users/${MEGAN}/memberOf`), status: 200 },
  'user-transitivememberof-group-cast-filter-response-200.json': { request: (c) => c('GET', `/users/${PATTI}/transitiveMemberOf/microsoft.graph.group`), status: 200 },
  'user-transitivememberof-response-200.json': { request: (c) => c('GET', `/users/${PATTI}/transitiveMemberOf`), status: 200 },
  'users-list-guest-b2b-identities-response-200.json': { request: (c) => c('GET', `/users?$select=id,displayName,mail,identities&$filter=userType eq 'Guest'`), status: 200 },
  'users-list-signinactivity-response-200.json': { request: (c) => c('GET', '/users?$select=displayName,userPrincipalName,signInActivity'), status: 200 },
};

async function tokenFor(emulator: Emulator, clientId = emulator.clientId, secret = emulator.clientSecret) {
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'https://graph.microsoft.com/.default' }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('the emulated tenant', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let call: Caller;

  before(async () => {
    emulator = await startTestEmulator();
    const { body } = await tokenFor(emulator);
    call = async (method, url, body) => {
      const response = await fetch(`${emulator.graphUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${body === undefined ? '' : ''}${(await tokenFor(emulator)).body.access_token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
    assert.ok(body.access_token);
  });
  after(async () => {
    await emulator?.close();
  });

  it('has a case for every shared fixture', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
    assert.deepEqual(Object.keys(CASES).sort(), files);
  });

  for (const [file, test] of Object.entries(CASES)) {
    if (test.skip) {
      it(`${file}: not compared here (${test.skip})`);
      continue;
    }
    it(`${file}: same property names and types`, async () => {
      const answer = await test.request!(call);
      assert.equal(answer.status, test.status, JSON.stringify(answer.body).slice(0, 300));
      const expected = (test.pick ?? ((f: any) => f))(fixture(file));
      const actual = (test.pickActual ?? ((b: any) => b))(answer.body);
      assert.deepEqual(shapeDiff(expected, actual), []);
    });
  }

  it('the shape check itself catches a missing property and a wrong type', () => {
    assert.deepEqual(shapeDiff({ a: 1, b: 'x' }, { a: 'one' }), ['$.a: number in the docs, string here', '$.b: missing']);
  });

  it('throttling: a 429 with Retry-After and the documented body', async () => {
    emulator.faults.set({ rules: [{ method: 'GET', path: '^/users/', kind: 'status429', retryAfterSeconds: 2.128, times: 1 }] });
    const response = await fetch(`${emulator.graphUrl}/users/${ALEX}`, { headers: { authorization: `Bearer ${(await tokenFor(emulator)).body.access_token}` } });
    emulator.faults.clear();
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '2.128');
    assert.deepEqual(shapeDiff(fixture('throttling-429-response.json'), await response.json()), []);
  });

  it('$batch: at most 20, dependsOn gives 424 after a failure', async () => {
    const tooMany = await call('POST', '/$batch', { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${ALEX}` })) });
    assert.equal(tooMany.status, 400);
    const chained = await call('POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
        { id: '2', method: 'GET', url: `/users/${ALEX}`, dependsOn: ['1'] },
      ],
    });
    const byId = Object.fromEntries(chained.body.responses.map((r: any) => [r.id, r.status]));
    assert.deepEqual(byId, { '1': 404, '2': 424 });
  });

  it('the production credential and Graph client read a contoso user over HTTPS', async () => {
    const { client } = createGraphClient({ tenantId: emulator.tenantId, clientId: emulator.clientId, clientSecret: emulator.clientSecret, authorityHost: emulator.authorityHost, graphBaseUrl: emulator.graphUrl });
    const user = await client.api(`/users/${ALEX}`).select('displayName,accountEnabled').get();
    assert.equal(user.displayName, 'Alex Wilber');
    assert.equal(user.accountEnabled, true);
  });

  it('a wrong secret gets the token endpoint AADSTS error shape', async () => {
    const { status, body } = await tokenFor(emulator, emulator.clientId, 'wrong');
    assert.equal(status, 401);
    assert.deepEqual(shapeDiff(fixture('aadsts-oauth-error-response-example.json'), body), []);
    assert.match(body.error_description, /^AADSTS7000215/);
  });

  it('a second tenant file loads; a token lacking a permission gets 403 Authorization_RequestDenied', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tapdesk-seed-'));
    const seedPath = path.join(dir, 'fabrikam.json');
    const tenantId = '2f3c8c1e-1111-4222-8333-444455556666';
    writeFileSync(
      seedPath,
      JSON.stringify({
        tenant: { id: tenantId, displayName: 'Fabrikam', domains: ['fabrikam.onmicrosoft.com'] },
        applications: [
          { appId: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'reader', clientSecret: 's1', grantedApplicationPermissions: ['User.Read.All'] },
          { appId: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'narrow', clientSecret: 's2', grantedApplicationPermissions: ['AuditLog.Read.All'] },
        ],
        users: [{ id: 'bbbbbbbb-0000-4000-8000-000000000001', displayName: 'Kim Akers', userPrincipalName: 'kim@fabrikam.onmicrosoft.com', accountEnabled: true, userType: 'Member' }],
        authenticationMethodsPolicy: {
          authenticationMethodConfigurations: [
            { id: 'TemporaryAccessPass', state: 'enabled', defaultLifetimeInMinutes: 30, defaultLength: 12, minimumLifetimeInMinutes: 10, maximumLifetimeInMinutes: 60, isUsableOnce: true, includeTargets: [{ id: 'all_users', targetType: 'group' }], excludeTargets: [] },
          ],
        },
      }),
    );
    const fabrikam = await startTestEmulator({ seed: seedPath });
    try {
      assert.equal(fabrikam.tenantId, tenantId);
      const { client } = createGraphClient({ tenantId, clientId: 'aaaaaaaa-0000-4000-8000-000000000001', clientSecret: 's1', authorityHost: fabrikam.authorityHost, graphBaseUrl: fabrikam.graphUrl });
      assert.equal((await client.api('/users/kim@fabrikam.onmicrosoft.com').get()).displayName, 'Kim Akers');
      const narrow = createGraphClient({ tenantId, clientId: 'aaaaaaaa-0000-4000-8000-000000000002', clientSecret: 's2', authorityHost: fabrikam.authorityHost, graphBaseUrl: fabrikam.graphUrl });
      await assert.rejects(() => narrow.client.api('/users/kim@fabrikam.onmicrosoft.com').get(), (error: any) => error.statusCode === 403 && error.code === 'Authorization_RequestDenied');
    } finally {
      await fabrikam.close();
    }
  });
});
