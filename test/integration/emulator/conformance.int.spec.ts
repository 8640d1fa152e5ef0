// The emulated tenant answers like Microsoft Graph: for every documented example in
// test/fixtures/graph, the equivalent request to the emulator (contoso) answers with the same
// property names and JSON value types (ids, times and @odata annotations aside; null where contoso has
// no such data). CASES maps each fixture file to its request; request bodies are sent, not compared.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../harness/emulator';
import { GRAPH_FIXTURES } from '../../support/fixture-paths';
import { type GraphCall, type GraphReply, graphCaller, startTestEmulator } from '../../support/emulator';
import { FINANCE_CA_POLICY, GROUPS, PEOPLE, ROLES, UNITS } from './contoso-people';
import { shapeDiff, uncomparedTypes } from './shape';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures and answers are Graph JSON */
const FIXTURES = GRAPH_FIXTURES;
const fixture = (name: string): any => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const EVENTUAL = { ConsistencyLevel: 'eventual' };

interface Context {
  call: GraphCall;
  emulator: Emulator;
  beta: (url: string, headers?: Record<string, string>) => Promise<GraphReply>;
}

interface Case {
  /** What the fixture is and how the emulator's answer is obtained. */
  request: string;
  run?: (c: Context) => Promise<{ status: number; body: any }>;
  status?: number;
  /** Why the fixture is not compared on its own (it is sent as a request, or compared elsewhere). */
  notCompared?: string;
  /** The part of the fixture to compare, when a doc example carries more than the emulator should. */
  pick?: (fixture: any) => any;
  pickActual?: (body: any) => any;
  /** Compare each fixture response of a $batch with the answer's response of the same id. */
  batch?: boolean;
}

async function tokenEndpoint(emulator: Emulator, form: Record<string, string>) {
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: await response.json() };
}

export const CASES: Record<string, Case> = {
  'aadsts-oauth-error-response-example.json': {
    request: 'POST /{tenant}/oauth2/v2.0/token with a scope that is not {resource}/.default (the STS error shape, not Graph)',
    run: ({ emulator }) =>
      tokenEndpoint(emulator, {
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        scope: 'https://example.contoso.com/activity.read',
      }),
    status: 400,
  },
  'auth-methods-list-response-200.json': {
    request:
      "GET /users/{Alex}/authentication/methods — the doc's fido2 / Windows Hello items are compared only when contoso has such a method (it has none; value[] is still compared)",
    run: ({ call }) => call('GET', `/users/${PEOPLE.alexw}/authentication/methods`),
    status: 200,
  },
  'batch-dependson-request.json': {
    request: "POST /$batch with the doc's dependsOn chain 1 → 2 → 4 → 3, urls filled in with contoso reads",
    notCompared: 'a request body; the answer must hold one response per id, all 200',
    run: async ({ call }) => {
      const requests = fixture('batch-dependson-request.json').requests.map((r: any) => ({
        ...r,
        url: `/users/${PEOPLE.alexw}?$select=id`,
      }));
      const answer = await call('POST', '/$batch', { requests });
      assert.deepEqual(answer.body.responses.map((r: any) => `${r.id}:${r.status}`).sort(), ['1:200', '2:200', '3:200', '4:200']);
      return answer;
    },
    status: 200,
  },
  'batch-request.json': {
    request:
      "POST /$batch with the doc's body as it is (app-only: /me is refused, the unknown segments are 400, the user list is answered)",
    notCompared: 'a request body; its answer is checked per request here, and compared with the documented response below',
    run: async ({ call }) => {
      const answer = await call('POST', '/$batch', fixture('batch-request.json'));
      const status = Object.fromEntries(answer.body.responses.map((r: any) => [r.id, r.status]));
      assert.deepEqual(status, { '1': 400, '2': 400, '3': 400, '4': 400, '5': 200 });
      return answer;
    },
    status: 200,
  },
  'batch-response-200.json': {
    request:
      'POST /$batch answering like the doc: 1 Lee memberOf (a directoryRole), 2 a TAP for Nestor (restricted unit: 403), 3 DELETE of his TAP (403), 4 POST to /manager (405), 5 the doc’s own user list',
    run: ({ call }) =>
      call('POST', '/$batch', {
        requests: [
          { id: '1', method: 'GET', url: `/users/${PEOPLE.leeg}/memberOf` },
          {
            id: '2',
            method: 'POST',
            url: `/users/${PEOPLE.nestorw}/authentication/temporaryAccessPassMethods`,
            body: {},
            headers: JSON_HEADERS,
          },
          {
            id: '3',
            method: 'DELETE',
            url: `/users/${PEOPLE.nestorw}/authentication/temporaryAccessPassMethods/00000000-0000-0000-0000-000000000000`,
          },
          { id: '4', method: 'POST', url: `/users/${PEOPLE.alexw}/manager`, body: {}, headers: JSON_HEADERS },
          {
            id: '5',
            method: 'GET',
            url: 'users?$select=id,displayName,userPrincipalName&$filter=city eq null&$count=true',
            headers: EVENTUAL,
          },
        ],
      }),
    status: 200,
    batch: true,
  },
  'beta-roledefinitions-isprivileged-response-200.json': {
    request:
      'BETA: GET /beta/roleManagement/directory/roleDefinitions?$filter=isPrivileged eq true (rolePermissions / inheritsPermissionsFrom are empty here: item shapes not compared)',
    run: ({ beta }) => beta('/roleManagement/directory/roleDefinitions?$filter=isPrivileged eq true'),
    status: 200,
  },
  'beta-transitiveroleassignments-all-response-200.json': {
    request:
      "BETA: GET /beta/roleManagement/directory/transitiveRoleAssignments?$count=true&$filter=principalId eq '{Patti}' with ConsistencyLevel: eventual (her role comes through a group)",
    run: ({ beta }) =>
      beta(`/roleManagement/directory/transitiveRoleAssignments?$count=true&$filter=principalId eq '${PEOPLE.pattif}'`, EVENTUAL),
    status: 200,
  },
  'beta-transitiveroleassignments-au-scoped-response-200.json': {
    request:
      "BETA: … transitiveRoleAssignments?$count=true&$filter=principalId eq '{Joni}' and directoryScopeId eq '/administrativeUnits/{Munich}'",
    run: ({ beta }) =>
      beta(
        `/roleManagement/directory/transitiveRoleAssignments?$count=true&$filter=principalId eq '${PEOPLE.jonis}' and directoryScopeId eq '/administrativeUnits/${UNITS.munich}'`,
        EVENTUAL,
      ),
    status: 200,
  },
  'ca-policies-list-response-200.json': {
    request: 'GET /identity/conditionalAccess/policies',
    run: ({ call }) => call('GET', '/identity/conditionalAccess/policies'),
    status: 200,
  },
  'ca-policy-get-response-200.json': {
    request: 'GET /identity/conditionalAccess/policies/{Finance policy}',
    run: ({ call }) => call('GET', `/identity/conditionalAccess/policies/${FINANCE_CA_POLICY}`),
    status: 200,
  },
  'checkmembergroups-request.json': {
    request: "POST /users/{Megan}/checkMemberGroups with the doc's body shape (5 ids)",
    notCompared: 'a request body; the answer keeps only the groups Megan is in',
    run: async ({ call }) => {
      const groupIds = [...fixture('checkmembergroups-request.json').groupIds.slice(0, 3), GROUPS.serviceDesk, GROUPS.tapExcluded];
      const answer = await call('POST', `/users/${PEOPLE.meganb}/checkMemberGroups`, { groupIds });
      assert.deepEqual(answer.body.value, [GROUPS.serviceDesk]);
      return answer;
    },
    status: 200,
  },
  'checkmembergroups-response-200.json': {
    request: 'POST /users/{Pradeep}/checkMemberGroups {groupIds: [TAP Excluded, Finance, Service Desk]}',
    run: ({ call }) =>
      call('POST', `/users/${PEOPLE.pradeepg}/checkMemberGroups`, { groupIds: [GROUPS.tapExcluded, GROUPS.finance, GROUPS.serviceDesk] }),
    status: 200,
  },
  'error-generic-example.json': {
    request: 'GET /users/{unknown id} (any Graph error has this body)',
    run: ({ call }) => call('GET', '/users/00000000-0000-0000-0000-000000000000'),
    status: 404,
  },
  'riskyuser-get-response-200-beta-legacy.json': {
    request: 'BETA: GET /beta/identityProtection/riskyUsers/{Irvin} — the legacy beta-only isGuest is left out of the comparison',
    run: ({ beta }) => beta(`/identityProtection/riskyUsers/${PEOPLE.irvins}`),
    status: 200,
    pick: ({ isGuest: _legacy, ...rest }) => rest,
  },
  'riskyuser-get-response-200-v1-TYPE-TEMPLATE.json': {
    request:
      'GET /identityProtection/riskyUsers/{Irvin} — the doc shows a type template (values are type names) wrapped in value[]: property names only are compared',
    run: ({ call }) => call('GET', `/identityProtection/riskyUsers/${PEOPLE.irvins}`),
    status: 200,
    pick: (f) => Object.fromEntries(Object.keys(f.value[0]).map((k) => [k, null])),
  },
  'roleassignments-filter-principal-response-200.json': {
    request: "GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{Megan}'",
    run: ({ call }) => call('GET', `/roleManagement/directory/roleAssignments?$filter=principalId eq '${PEOPLE.meganb}'`),
    status: 200,
  },
  'roleassignments-filter-roledef-expand-principal-response-200.json': {
    request: "GET /roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '{Global Administrator}'&$expand=principal",
    run: ({ call }) =>
      call('GET', `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${ROLES.globalAdministrator}'&$expand=principal`),
    status: 200,
  },
  'roleassignmentscheduleinstances-list-response-200.json': {
    request: 'GET /roleManagement/directory/roleAssignmentScheduleInstances (contoso’s assignments are permanent and direct)',
    run: ({ call }) => call('GET', '/roleManagement/directory/roleAssignmentScheduleInstances'),
    status: 200,
  },
  'signin-status-example.json': {
    request: "GET /auditLogs/signIns?$filter=userId eq '{Miriam}' — the status of her newest failed sign-in",
    run: ({ call }) => call('GET', `/auditLogs/signIns?$filter=userId eq '${PEOPLE.miriamg}'`),
    status: 200,
    pickActual: (b) => b.value.find((s: any) => s.status.errorCode !== 0).status,
  },
  'signins-list-response-200.json': {
    request: 'GET /auditLogs/signIns?$top=1 (first page, with @odata.nextLink as in the doc)',
    run: async ({ call }) => {
      const answer = await call('GET', '/auditLogs/signIns?$top=1');
      assert.ok(answer.body['@odata.nextLink'], 'a next page link');
      return answer;
    },
    status: 200,
  },
  'tap-create-error-lifetime-THIRD-PARTY.json': {
    request: 'POST /users/{Alex}/authentication/temporaryAccessPassMethods {lifetimeInMinutes: 5000} (policy max 480)',
    run: async ({ call }) => {
      const answer = await call('POST', `/users/${PEOPLE.alexw}/authentication/temporaryAccessPassMethods`, { lifetimeInMinutes: 5000 });
      assert.equal(
        answer.body.error.message,
        fixture('tap-create-error-lifetime-THIRD-PARTY.json').error.message,
        'contoso has the same 60–480 policy',
      );
      return answer;
    },
    status: 400,
  },
  'tap-create-request.json': { request: 'the body of the create below', notCompared: 'a request body (sent as the create below)' },
  'tap-create-response-201.json': {
    request:
      "POST /users/{Christie}/authentication/temporaryAccessPassMethods with the doc's body, startDateTime moved to tomorrow (so NotYetValid, as in the doc)",
    run: async ({ call }) => {
      const body = { ...fixture('tap-create-request.json'), startDateTime: new Date(Date.now() + 86_400_000).toISOString() };
      const answer = await call('POST', `/users/${PEOPLE.christiec}/authentication/temporaryAccessPassMethods`, body);
      assert.equal(answer.body.methodUsabilityReason, 'NotYetValid');
      return answer;
    },
    status: 201,
  },
  'tap-get-response-200.json': {
    request: 'GET /users/lidiah@contoso.com/authentication/temporaryAccessPassMethods/{her pass}',
    run: async ({ call }) => {
      const list = await call('GET', '/users/lidiah@contoso.com/authentication/temporaryAccessPassMethods');
      return call('GET', `/users/lidiah@contoso.com/authentication/temporaryAccessPassMethods/${list.body.value[0].id}`);
    },
    status: 200,
  },
  'tap-list-response-200.json': {
    request: 'GET /users/lidiah@contoso.com/authentication/temporaryAccessPassMethods',
    run: ({ call }) => call('GET', '/users/lidiah@contoso.com/authentication/temporaryAccessPassMethods'),
    status: 200,
  },
  'tap-policy-get-response-200.json': {
    request: 'GET /policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass (the doc’s casing)',
    run: ({ call }) => call('GET', '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass'),
    status: 200,
  },
  'throttling-429-response.json': {
    request: 'GET /users/{Alex} with a status429 fault rule (Retry-After 2.128 as in the doc)',
    run: async ({ call, emulator }) => {
      emulator.faults.set({ rules: [{ method: 'GET', path: '^/users/[^/]+$', kind: 'status429', retryAfterSeconds: 2.128, times: 1 }] });
      try {
        const answer = await call('GET', `/users/${PEOPLE.alexw}`);
        assert.equal(answer.headers.get('retry-after'), '2.128');
        return answer;
      } finally {
        emulator.faults.clear();
      }
    },
    status: 429,
  },
  'user-get-404-THIRD-PARTY.json': {
    request: 'GET /users/{unknown id}',
    run: async ({ call }) => {
      const answer = await call('GET', '/users/68be84bf-a585-4776-80b3-30aa5207aa22');
      assert.equal(answer.body.error.message, fixture('user-get-404-THIRD-PARTY.json').error.message);
      return answer;
    },
    status: 404,
  },
  'user-get-default-response-200.json': {
    request: 'GET /users/{Adele} (default properties)',
    run: ({ call }) => call('GET', `/users/${PEOPLE.adelev}`),
    status: 200,
  },
  'user-get-select-identities-response-200.json': {
    request: 'GET /users/{Adele}?$select=displayName,givenName,postalCode,identities',
    run: ({ call }) => call('GET', `/users/${PEOPLE.adelev}?$select=displayName,givenName,postalCode,identities`),
    status: 200,
  },
  'user-memberof-response-200.json': {
    request: 'GET /users/{Megan}/memberOf',
    run: ({ call }) => call('GET', `/users/${PEOPLE.meganb}/memberOf`),
    status: 200,
  },
  'user-transitivememberof-group-cast-filter-response-200.json': {
    request:
      "GET /users/{Patti}/transitiveMemberOf/microsoft.graph.group?$count=true&$orderby=displayName&$filter=startswith(displayName, 'i') with ConsistencyLevel: eventual",
    run: ({ call }) =>
      call(
        'GET',
        `/users/${PEOPLE.pattif}/transitiveMemberOf/microsoft.graph.group?$count=true&$orderby=displayName&$filter=startswith(displayName, 'i')`,
        undefined,
        EVENTUAL,
      ),
    status: 200,
  },
  'user-transitivememberof-response-200.json': {
    request: 'GET /users/{Patti}/transitiveMemberOf',
    run: ({ call }) => call('GET', `/users/${PEOPLE.pattif}/transitiveMemberOf`),
    status: 200,
  },
  'users-list-guest-b2b-identities-response-200.json': {
    request:
      "GET /users?$select=id,displayName,mail,identities&$filter=endsWith(userPrincipalName,'%23EXT%23@contoso.onmicrosoft.com')&$count=true with ConsistencyLevel: eventual",
    run: ({ call }) =>
      call(
        'GET',
        "/users?$select=id,displayName,mail,identities&$filter=endsWith(userPrincipalName,'%23EXT%23@contoso.onmicrosoft.com')&$count=true",
        undefined,
        EVENTUAL,
      ),
    status: 200,
  },
  'users-list-signinactivity-response-200.json': {
    request: 'GET /users?$select=displayName,userPrincipalName,signInActivity',
    run: ({ call }) => call('GET', '/users?$select=displayName,userPrincipalName,signInActivity'),
    status: 200,
  },
};

describe('emulator conformance with the documented Graph examples', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let context: Context;

  before(async () => {
    emulator = await startTestEmulator();
    const call = await graphCaller(emulator);
    context = { call, emulator, beta: (url, headers) => call('GET', `${emulator.baseUrl}/beta${url}`, undefined, headers) };
  });
  after(async () => {
    await emulator?.close();
  });

  it('has a case for every shared fixture, and only for them', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .sort();
    assert.deepEqual(Object.keys(CASES).sort(), files);
  });

  for (const [file, test] of Object.entries(CASES)) {
    if (!test.run) {
      it(`${file}: ${test.notCompared}`);
      continue;
    }
    const title = test.notCompared ? `${file}: sent — ${test.notCompared}` : `${file}: ${test.request}`;
    it(title, async () => {
      const answer = await test.run!(context);
      assert.equal(answer.status, test.status, JSON.stringify(answer.body).slice(0, 400));
      if (test.notCompared) return;
      const expected = (test.pick ?? ((f: any) => f))(fixture(file));
      const actual = (test.pickActual ?? ((b: any) => b))(answer.body);
      if (test.batch) {
        for (const response of expected.responses) {
          const mine = actual.responses.find((r: any) => r.id === response.id);
          assert.ok(mine, `a response for id ${response.id}`);
          assert.equal(mine.status, response.status, `status of ${response.id}: ${JSON.stringify(mine.body)}`);
          assert.deepEqual(shapeDiff(response, mine, `$.responses[id=${response.id}]`), []);
        }
        return;
      }
      assert.deepEqual(shapeDiff(expected, actual), []);
      if (Array.isArray(expected?.value) && expected.value.length > 0) {
        assert.ok(actual.value.length > 0 || uncomparedTypes(expected.value, actual.value).length > 0, 'the answer has items to compare');
      }
    });
  }

  it('the shape check itself catches a missing property, a wrong type and a wrong item shape', () => {
    assert.deepEqual(shapeDiff({ a: 1, b: 'x', c: [{ d: true }] }, { a: 'one', c: [{ d: 'yes' }] }), [
      '$.a: number in the docs, string here',
      '$.b: missing',
      '$.c[0].d: boolean in the docs, string here',
    ]);
    assert.deepEqual(shapeDiff({ a: null, '@odata.context': 'x' }, { a: 5 }), []);
  });
});
