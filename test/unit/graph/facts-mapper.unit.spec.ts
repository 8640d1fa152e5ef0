// Graph JSON → facts, on Microsoft's documented responses (test/fixtures/graph) and on hand-made edge cases.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Roles } from '../../../src/domain/facts';
import {
  UNREADABLE_ROLE,
  type TargetParts,
  failedPart,
  okPart,
  toIssuerFacts,
  toMemberships,
  toMethodFact,
  toRiskFact,
  toRoleAssignmentFact,
  toScope,
  toTapFact,
  toTapPolicy,
  toTargetFacts,
  toUserFact,
  unknownReason,
} from '../../../src/graph/facts-mapper';
import { durationMs, resolveTime } from '../../support/seed-facts';
import { GRAPH_FIXTURES } from '../../support/fixture-paths';

const FIXTURES = GRAPH_FIXTURES;
const fixture = (name: string): any => JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

const USER_ID = 'f1847572-48aa-47aa-96a3-2ec61904f41f';
const user = (extra: any = {}) => ({
  id: USER_ID,
  userPrincipalName: 'jordan@contoso.com',
  displayName: 'Jordan',
  accountEnabled: true,
  ...extra,
});
const empty = okPart({ value: [] });

function parts(extra: Partial<TargetParts> = {}): TargetParts {
  return {
    user: user(),
    transitiveMemberOf: empty,
    administrativeUnits: empty,
    ownedObjects: empty,
    groupEligibilitySchedules: empty,
    roleAssignments: empty,
    roleEligibilitySchedules: empty,
    methods: empty,
    riskyUser: failedPart(404, 'Request_ResourceNotFound'),
    manager: failedPart(404, 'Request_ResourceNotFound'),
    ...extra,
  };
}

describe('facts-mapper: users', () => {
  it('the default user GET (no $select): ids lower-cased, unselected flags null', () => {
    const fact = toUserFact(fixture('user-get-default-response-200'));
    assert.equal(fact.id, '87d349ed-44d7-43e1-9a83-5f2406dee5bd');
    assert.equal(fact.jobTitle, 'Retail Manager');
    assert.equal(fact.userType, 'Member');
    assert.equal(fact.creationType, null);
    assert.equal(fact.isManagementRestricted, null);
  });

  it('identities give the sign-in types', () => {
    assert.deepEqual(toUserFact(fixture('user-get-select-identities-response-200')).identitySignInTypes, ['userPrincipalName']);
    assert.deepEqual(toUserFact({ identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD' }] }).identitySignInTypes, [
      'federated',
    ]);
  });

  it('sign-in activity', () => {
    const [adele] = fixture('users-list-signinactivity-response-200').value.map(toUserFact);
    assert.equal(adele.lastSignInDateTime, '2021-06-17T16:41:33Z');
    assert.equal(adele.lastSuccessfulSignInDateTime, null);
  });

  it('"never signed in" (0001-01-01T00:00:00Z) is no time at all, not a date 2,000 years ago', () => {
    const never = '0001-01-01T00:00:00Z';
    const fact = toUserFact({ signInActivity: { lastSignInDateTime: never, lastSuccessfulSignInDateTime: never } });
    assert.equal(fact.lastSignInDateTime, null);
    assert.equal(fact.lastSuccessfulSignInDateTime, null);
  });
});

describe('facts-mapper: roles', () => {
  it('roleAssignments filtered by principal → direct tenant-wide facts', () => {
    const issuer = toIssuerFacts({
      user: user(),
      transitiveMemberOf: empty,
      roleAssignments: okPart(fixture('roleassignments-filter-principal-response-200')),
      roleEligibilitySchedules: empty,
    });
    assert.deepEqual(issuer.activeRoles, [
      { roleTemplateId: Roles.globalAdministrator, scope: { kind: 'tenant' }, via: 'direct' },
      { roleTemplateId: Roles.globalReader, scope: { kind: 'tenant' }, via: 'direct' },
    ]);
  });

  it("other principals' assignments are dropped (the list of every holder of a role)", () => {
    const joey = toIssuerFacts({
      user: user({ id: 'ACE08EC9-AA11-4ADA-9145-ADDF0398233E' }),
      transitiveMemberOf: empty,
      roleAssignments: okPart(fixture('roleassignments-filter-roledef-expand-principal-response-200')),
      roleEligibilitySchedules: empty,
    });
    assert.deepEqual(joey.activeRoles, [{ roleTemplateId: Roles.globalAdministrator, scope: { kind: 'tenant' }, via: 'direct' }]);
  });

  it('directoryScopeId: "/" tenant, "/administrativeUnits/{id}" a unit, anything else a resource', () => {
    const [, , scoped] = fixture('beta-transitiveroleassignments-all-response-200').value;
    assert.deepEqual(toRoleAssignmentFact(scoped), {
      roleTemplateId: Roles.helpdeskAdministrator,
      scope: { kind: 'administrativeUnit', id: '26e79164-0c5c-4281-8c5b-be7bc7809fb2' },
      via: 'direct',
    });
    assert.deepEqual(toScope('/'), { kind: 'tenant' });
    assert.deepEqual(toScope(undefined), { kind: 'tenant' });
    assert.deepEqual(toScope('/c1f3a2b4-0000-4000-8000-000000000001'), { kind: 'resource', id: '/c1f3a2b4-0000-4000-8000-000000000001' });
    assert.deepEqual(toScope('/administrativeUnits/AU1', { displayName: 'Munich', isMemberManagementRestricted: false }), {
      kind: 'administrativeUnit',
      id: 'au1',
      displayName: 'Munich',
      restricted: false,
    });
  });

  it("a principal that is one of the user's groups → via that group", () => {
    const [, groupBased] = fixture('beta-transitiveroleassignments-all-response-200').value;
    assert.deepEqual(toRoleAssignmentFact(groupBased, ['AE2FC327-4C71-48ED-B6CA-F48632186510']), {
      roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
      scope: { kind: 'tenant' },
      via: 'group',
      groupId: 'ae2fc327-4c71-48ed-b6ca-f48632186510',
    });
  });

  it('directoryRole members of transitiveMemberOf are tenant-wide active roles, merged without duplicates', () => {
    const batch = fixture('batch-response-200');
    const memberOf = batch.responses.find((r: any) => r.id === '1').body;
    assert.deepEqual(toMemberships(okPart(memberOf)).directoryRoleTemplateIds, ['fe930be7-5e62-47db-91af-98c3a49a38b1']);

    const group = { '@odata.type': '#microsoft.graph.group', id: 'G1', displayName: 'Identity Operations', isAssignableToRole: true };
    const role = { '@odata.type': '#microsoft.graph.directoryRole', id: 'x', roleTemplateId: Roles.authenticationAdministrator };
    const helpdesk = { '@odata.type': '#microsoft.graph.directoryRole', id: 'y', roleTemplateId: Roles.helpdeskAdministrator };
    const facts = toTargetFacts(
      parts({
        transitiveMemberOf: okPart({ value: [group, role, helpdesk] }),
        roleAssignments: okPart({
          value: [{ principalId: 'g1', roleDefinitionId: Roles.authenticationAdministrator, directoryScopeId: '/' }],
        }),
      }),
    );
    assert.deepEqual(facts.activeRoles, [
      { roleTemplateId: Roles.authenticationAdministrator, scope: { kind: 'tenant' }, via: 'group', groupId: 'g1' },
      // Not among the listed assignments, so it came through a group.
      { roleTemplateId: Roles.helpdeskAdministrator, scope: { kind: 'tenant' }, via: 'group' },
    ]);
  });

  it('PIM eligibility schedules are kept apart from active roles', () => {
    const facts = toTargetFacts(
      parts({
        roleEligibilitySchedules: okPart({
          value: [{ principalId: USER_ID, roleDefinitionId: Roles.globalAdministrator, directoryScopeId: '/', status: 'Provisioned' }],
        }),
      }),
    );
    assert.deepEqual(facts.activeRoles, []);
    assert.deepEqual(facts.eligibleRoles, [{ roleTemplateId: Roles.globalAdministrator, scope: { kind: 'tenant' }, via: 'direct' }]);
  });

  it("a unit scope is named from the person's own unit membership when Graph did not expand it", () => {
    const unit = {
      '@odata.type': '#microsoft.graph.administrativeUnit',
      id: 'AU1',
      displayName: 'Munich office',
      isMemberManagementRestricted: false,
    };
    const issuer = toIssuerFacts({
      user: user(),
      transitiveMemberOf: okPart({ value: [unit] }),
      roleAssignments: okPart({
        value: [
          { principalId: USER_ID, roleDefinitionId: Roles.authenticationAdministrator, directoryScopeId: '/administrativeUnits/au1' },
        ],
      }),
      roleEligibilitySchedules: empty,
    });
    assert.deepEqual(issuer.activeRoles[0]?.scope, {
      kind: 'administrativeUnit',
      id: 'au1',
      displayName: 'Munich office',
      restricted: false,
    });
  });

  it('unreadable roles or memberships of a target fail closed: an unmanageable stand-in role', () => {
    for (const broken of ['roleAssignments', 'roleEligibilitySchedules', 'transitiveMemberOf', 'ownedObjects'] as const) {
      const facts = toTargetFacts(parts({ [broken]: failedPart(403, 'Authorization_RequestDenied') }));
      assert.ok(
        facts.activeRoles.some((r) => r.roleTemplateId === UNREADABLE_ROLE),
        broken,
      );
    }
    assert.deepEqual(toTargetFacts(parts()).activeRoles, []);
  });
});

describe('facts-mapper: memberships', () => {
  it('groups from transitiveMemberOf (fixture), role-assignable flag, admin units', () => {
    const memberships = toMemberships(okPart(fixture('user-transitivememberof-response-200')));
    assert.deepEqual(memberships.groups, [{ id: '', displayName: 'All_Contoso_Licensing', isAssignableToRole: false }]);
    const mixed = toMemberships(
      okPart({
        value: [
          { '@odata.type': '#microsoft.graph.group', id: 'G', displayName: 'Tier 0', isAssignableToRole: true },
          { '@odata.type': '#microsoft.graph.administrativeUnit', id: 'A', displayName: 'Exec', isMemberManagementRestricted: true },
        ],
      }),
    );
    assert.deepEqual(mixed.groups, [{ id: 'g', displayName: 'Tier 0', isAssignableToRole: true }]);
    assert.deepEqual(mixed.units, [{ id: 'a', displayName: 'Exec', restricted: true }]);
  });

  it('owned role-assignable groups', () => {
    const owned = okPart({
      value: [
        { '@odata.type': '#microsoft.graph.group', id: 'RAG', isAssignableToRole: true },
        { '@odata.type': '#microsoft.graph.group', id: 'plain' },
      ],
    });
    assert.deepEqual(toTargetFacts(parts({ ownedObjects: owned })).ownedRoleAssignableGroupIds, ['rag']);
  });
});

describe('facts-mapper: methods and passes', () => {
  it('auth-methods list → kinds by @odata.type', () => {
    const methods = fixture('auth-methods-list-response-200').value.map(toMethodFact);
    assert.deepEqual(methods, [
      { kind: 'fido2', id: '-2_GRUg2-HYz6_1YG4YRAQ2', displayName: 'Red key', createdDateTime: '2020-08-10T06:44:09Z' },
      {
        kind: 'windowsHelloForBusiness',
        id: 'b5e01f81-1f81-b5e0-811f-e0b5811fe0b5',
        displayName: "Jordan's Surface Book",
        createdDateTime: '2020-11-27T23:12:49Z',
      },
    ]);
    assert.equal(toMethodFact({ '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod', id: 'h' }).kind, 'other');
  });

  it('TAP get → TapFact, never the value', () => {
    assert.deepEqual(toTapFact(fixture('tap-get-response-200')), {
      id: '6f1967b7-15e8-4935-ac26-d50770ed07a7',
      createdDateTime: '2022-06-02T16:21:09.5893903Z',
      startDateTime: '2022-06-05T00:00:00Z',
      lifetimeInMinutes: 60,
      isUsableOnce: false,
      isUsable: false,
      methodUsabilityReason: 'NotYetValid',
    });
    const created = toTapFact(fixture('tap-create-response-201'));
    assert.equal(JSON.stringify(created).includes('+drkzqAD'), false);
  });

  it('the pass of a target: from the TAP list when read, else from the methods list', () => {
    const fromList = toTargetFacts(parts({ tap: okPart(fixture('tap-list-response-200')) }));
    assert.equal(fromList.tap.known && fromList.tap.value?.id, 'bdaede67-61e0-4349-9347-d2d6afd84009');
    const fromMethods = toTargetFacts(
      parts({ methods: okPart({ value: [fixture('tap-get-response-200'), ...fixture('auth-methods-list-response-200').value] }) }),
    );
    assert.equal(fromMethods.tap.known && fromMethods.tap.value?.methodUsabilityReason, 'NotYetValid');
    assert.equal(fromMethods.methods.known && fromMethods.methods.value.length, 3);
    assert.deepEqual(toTargetFacts(parts()).tap, { known: true, value: null });
  });

  it('unreadable methods: unknown, with the reason', () => {
    const facts = toTargetFacts(parts({ methods: failedPart(403, 'Authorization_RequestDenied') }));
    assert.deepEqual(facts.methods, { known: false, reason: 'permission' });
    assert.deepEqual(facts.tap, { known: false, reason: 'permission' });
    assert.deepEqual(toTargetFacts(parts({ tap: failedPart(429) })).tap, { known: false, reason: 'unavailable' });
  });
});

describe('facts-mapper: policy, risk, manager', () => {
  it('TAP policy fixture → TapPolicyFacts', () => {
    assert.deepEqual(toTapPolicy(fixture('tap-policy-get-response-200')), {
      state: 'enabled',
      defaultLifetimeInMinutes: 60,
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      defaultLength: 8,
      isUsableOnce: false,
      includeTargets: [{ id: 'all_users', targetType: 'group' }],
      excludeTargets: [],
    });
    assert.equal(toTapPolicy({ state: 'disabled' }).state, 'disabled');
    assert.equal(toTapPolicy({}).state, 'disabled');
  });

  it('riskyUser: the beta example, and the v1.0 template wrapped in value[]', () => {
    assert.deepEqual(toRiskFact(fixture('riskyuser-get-response-200-beta-legacy')), {
      riskLevel: 'high',
      riskState: 'atRisk',
      riskLastUpdatedDateTime: '2016-01-29T20:03:57.7872426Z',
    });
    assert.equal(toRiskFact(fixture('riskyuser-get-response-200-v1-TYPE-TEMPLATE'))?.riskLevel, 'String');
  });

  it('risk: 404 = not risky; 403 = no permission; the licence error = no licence', () => {
    assert.deepEqual(toTargetFacts(parts()).risk, { known: true, value: null });
    assert.deepEqual(toTargetFacts(parts({ riskyUser: failedPart(403, 'Authorization_RequestDenied') })).risk, {
      known: false,
      reason: 'permission',
    });
    assert.equal(unknownReason(failedPart(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant')), 'licence');
    assert.equal(unknownReason(failedPart(503)), 'unavailable');
  });

  it('manager id, or null when none or unreadable', () => {
    assert.equal(
      toTargetFacts(parts({ manager: okPart({ id: 'E6B86AB2-975A-5FD3-8C34-BA702A39C097' }) })).managerId,
      'e6b86ab2-975a-5fd3-8c34-ba702a39c097',
    );
    assert.equal(toTargetFacts(parts({ manager: failedPart(403) })).managerId, null);
  });
});

describe('seed-facts support: relative times', () => {
  it('resolves now, now-PT20M, now+P1D; leaves other strings alone', () => {
    const now = new Date('2025-06-02T10:00:00Z');
    assert.equal(resolveTime('now', now), '2025-06-02T10:00:00.000Z');
    assert.equal(resolveTime('now-PT20M', now), '2025-06-02T09:40:00.000Z');
    assert.equal(resolveTime('now+P1D', now), '2025-06-03T10:00:00.000Z');
    assert.equal(resolveTime('0001-01-01T00:00:00Z', now), '0001-01-01T00:00:00Z');
    assert.equal(durationMs('PT2H50M'), (2 * 60 + 50) * 60_000);
    assert.throws(() => durationMs('P'));
  });
});
