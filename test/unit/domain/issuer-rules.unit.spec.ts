// Who may issue for whom: every contoso cast member as target × every approver persona, then the
// finer points (which authority is recorded, params, fail-closed cases) on hand-made facts.
import assert from 'node:assert/strict';
import type { IssuerFacts, RoleAssignmentFact, TargetFacts } from '../../../src/domain/facts';
import { Roles } from '../../../src/domain/facts';
import { canIssue, canRequestFor, isAdminTarget, requiredRoleFor, type RequiredRole } from '../../../src/domain/issuer-rules';
import { issuerFactsFor, loadSeed, targetFactsFor, upnsOf } from '../../support/seed-facts';

const seed = loadSeed();
const NOW = new Date('2025-06-02T10:00:00Z');
const target = (who: string) => targetFactsFor(seed, who, NOW);
const issuer = (who: string) => issuerFactsFor(seed, who, NOW);

const MUNICH = '74da6635-d0d9-5176-80c4-92c879b8cd42';
const IDENTITY_OPERATIONS = '7c4a40b3-6e95-52e2-a61e-336bb54e17c2';
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const PASSWORD_ADMIN = '966707d0-3269-4727-9be2-8c3a10f19b9d';

const OUTCOME = {
  ok: 'ok',
  tgt: 'issuer.is-target',
  low: 'issuer.role-too-low',
  oos: 'issuer.out-of-scope',
  aua: 'issuer.au-scope-admin-target',
  rau: 'issuer.restricted-au',
  elig: 'issuer.role-eligible-only',
  none: 'issuer.no-role',
} as const;
type Short = keyof typeof OUTCOME;

const APPROVERS = ['meganb', 'adelev', 'leeg', 'pattif', 'jonis', 'henriettam', 'alexw', 'benw'] as const;

// Megan: AA tenant · Adele: PAA · Lee: GA · Patti: AA via role-assignable group · Joni: AA scoped to Munich AU
// Henrietta: PIM-eligible PAA · Alex: no role · Ben: Helpdesk Administrator (not an issuing role).
// Each target asks for themselves, so "self-approval" shows up as "is-target" on the diagonal.
//                      Megan   Adele   Lee     Patti   Joni    Henri.  Alex    Ben
const TABLE: Record<string, Short[]> = {
  alexw: /*        */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'tgt', 'none'],
  meganb: /*       */ ['tgt', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  adelev: /*  PAA  */ ['low', 'tgt', 'ok', 'low', 'oos', 'elig', 'none', 'none'],
  leeg: /*    GA   */ ['low', 'ok', 'tgt', 'low', 'oos', 'elig', 'none', 'none'],
  isaiahl: /* Exch */ ['low', 'ok', 'ok', 'low', 'oos', 'elig', 'none', 'none'],
  pattif: /*  RAG  */ ['low', 'ok', 'ok', 'tgt', 'oos', 'elig', 'none', 'none'],
  jonis: /* AA@AU  */ ['ok', 'ok', 'ok', 'ok', 'tgt', 'elig', 'none', 'none'],
  gradya: /* in AU */ ['ok', 'ok', 'ok', 'ok', 'ok', 'elig', 'none', 'none'],
  lynner: /* RR,AU */ ['ok', 'ok', 'ok', 'ok', 'aua', 'elig', 'none', 'none'],
  henriettam: /*   */ ['low', 'ok', 'ok', 'low', 'oos', 'tgt', 'none', 'none'],
  johannal: /* eGA */ ['low', 'ok', 'ok', 'low', 'oos', 'elig', 'none', 'none'],
  diegos: /*       */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  pradeepg: /*     */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  nestorw: /* RMAU */ ['rau', 'rau', 'rau', 'rau', 'rau', 'rau', 'rau', 'rau'],
  irvins: /*       */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  miriamg: /*      */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  lidiah: /*       */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  enricoc: /*      */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  christiec: /*    */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  benw: /* Helpdsk */ ['low', 'ok', 'ok', 'low', 'oos', 'elig', 'none', 'tgt'],
  allanD: /*       */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  debrab: /*       */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  gerhartm: /* RAG */ ['low', 'ok', 'ok', 'low', 'oos', 'elig', 'none', 'none'],
  emily: /* ext.   */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
  cameronw: /*     */ ['ok', 'ok', 'ok', 'ok', 'oos', 'elig', 'none', 'none'],
};

function outcome(approver: IssuerFacts, who: TargetFacts, requesterId: string): string {
  const result = canIssue(approver, who, requesterId);
  return result.ok ? 'ok' : result.error.code;
}

describe('canIssue: the contoso cast', () => {
  it('the table covers every user in the seed', () => {
    assert.deepEqual(
      Object.keys(TABLE)
        .map((k) => k.toLowerCase())
        .sort(),
      upnsOf(seed)
        .map((u) => u.split('@')[0]!.split('_')[0]!.toLowerCase())
        .sort(),
    );
  });

  for (const [who, row] of Object.entries(TABLE)) {
    it(`target ${who}`, () => {
      const facts = target(who);
      const actual = APPROVERS.map((a) => outcome(issuer(a), facts, facts.user.id));
      assert.deepEqual(
        actual,
        row.map((s) => OUTCOME[s]),
      );
    });
  }
});

describe('canIssue: the authority recorded', () => {
  it('a direct tenant-wide Authentication Administrator', () => {
    assert.deepEqual(canIssue(issuer('meganb'), target('alexw'), target('alexw').user.id), {
      ok: true,
      value: { roleTemplateId: Roles.authenticationAdministrator, scope: { kind: 'tenant' }, via: 'direct' },
    });
  });

  it('a role held through a role-assignable group names the group', () => {
    const result = canIssue(issuer('pattif'), target('alexw'), target('alexw').user.id);
    assert.ok(result.ok);
    assert.equal(result.value.roleTemplateId, Roles.authenticationAdministrator);
    assert.equal(result.value.via, 'group');
    assert.equal(result.value.groupId, IDENTITY_OPERATIONS);
  });

  it('an AU-scoped assignment names its unit', () => {
    const result = canIssue(issuer('jonis'), target('gradya'), target('gradya').user.id);
    assert.ok(result.ok);
    assert.deepEqual(result.value.scope, { kind: 'administrativeUnit', id: MUNICH, displayName: 'Munich office', restricted: false });
  });

  it('PAA and GA for an admin target', () => {
    const isaiah = target('isaiahl');
    assert.deepEqual(canIssue(issuer('adelev'), isaiah, isaiah.user.id), {
      ok: true,
      value: { roleTemplateId: Roles.privilegedAuthenticationAdministrator, scope: { kind: 'tenant' }, via: 'direct' },
    });
    assert.equal(
      (canIssue(issuer('leeg'), isaiah, isaiah.user.id) as { value: { roleTemplateId: string } }).value.roleTemplateId,
      Roles.globalAdministrator,
    );
  });
});

describe('canIssue: separation of duties', () => {
  it('the requester may not approve their own request', () => {
    const alex = target('alexw');
    const adele = issuer('adelev');
    assert.deepEqual(canIssue(adele, alex, adele.user.id), { ok: false, error: { code: 'issuer.self-approval' } });
  });

  it('the target may not approve a request for themselves, whoever asked', () => {
    const adele = issuer('adelev');
    assert.deepEqual(canIssue(adele, target('adelev'), target('meganb').user.id), { ok: false, error: { code: 'issuer.is-target' } });
  });

  it('ids compare case-insensitively', () => {
    const adele = issuer('adelev');
    assert.equal(outcome(adele, target('alexw'), adele.user.id.toUpperCase()), 'issuer.self-approval');
  });
});

describe('canIssue: params for the message', () => {
  const refusal = (a: string, t: string) => {
    const facts = target(t);
    const result = canIssue(issuer(a), facts, facts.user.id);
    assert.ok(!result.ok, `${a} → ${t} should be refused`);
    return result.error;
  };

  it('role too low: an admin role names the role and the role needed', () => {
    assert.deepEqual(refusal('meganb', 'isaiahl'), {
      code: 'issuer.role-too-low',
      params: {
        neededRole: Roles.privilegedAuthenticationAdministrator,
        heldRole: Roles.authenticationAdministrator,
        reason: 'admin-role',
        assignment: 'active',
        targetRoles: 'Exchange Administrator',
        targetRoleIds: EXCHANGE_ADMIN,
      },
    });
  });

  it('role too low: a PIM-eligible Global Administrator counts as an admin', () => {
    assert.equal(refusal('meganb', 'johannal').params?.targetRoles, 'Global Administrator');
  });

  it('role too low: a member of a role-assignable group names the group', () => {
    const error = refusal('pattif', 'gerhartm');
    assert.equal(error.params?.reason, 'role-assignable-group');
    assert.equal(error.params?.groups, 'Emergency Access Accounts');
  });

  it('out of scope names the unit the role is scoped to', () => {
    assert.deepEqual(refusal('jonis', 'alexw'), {
      code: 'issuer.out-of-scope',
      params: { units: 'Munich office', unitIds: MUNICH, assignment: 'active' },
    });
  });

  it('an AU-scoped role and an admin inside the unit', () => {
    assert.deepEqual(refusal('jonis', 'lynner'), {
      code: 'issuer.au-scope-admin-target',
      params: { units: 'Munich office', unitIds: MUNICH, assignment: 'active', reason: 'admin-role' },
    });
  });

  it('restricted-management unit: names the unit, whoever approves', () => {
    for (const a of ['leeg', 'jonis', 'alexw']) {
      assert.deepEqual(refusal(a, 'nestorw'), {
        code: 'issuer.restricted-au',
        params: { units: 'Executive office (restricted)', unitIds: '9e157b54-239b-54ef-892c-887108b55759' },
      });
    }
  });

  it('PIM-eligible only: says which role to activate', () => {
    assert.deepEqual(refusal('henriettam', 'isaiahl'), {
      code: 'issuer.role-eligible-only',
      params: { role: Roles.privilegedAuthenticationAdministrator, scope: '/' },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made facts for the cases the cast does not cover

const assignment = (
  roleTemplateId: string,
  scope: RoleAssignmentFact['scope'] = { kind: 'tenant' },
  groupId?: string,
): RoleAssignmentFact => (groupId ? { roleTemplateId, scope, via: 'group', groupId } : { roleTemplateId, scope, via: 'direct' });
const AU = (id: string, restricted?: boolean): RoleAssignmentFact['scope'] =>
  restricted === undefined ? { kind: 'administrativeUnit', id } : { kind: 'administrativeUnit', id, restricted };

function approverWith(active: RoleAssignmentFact[], eligible: RoleAssignmentFact[] = []): IssuerFacts {
  return {
    user: { id: 'approver', userPrincipalName: 'approver@contoso.com', displayName: 'Approver', accountEnabled: true },
    activeRoles: active,
    eligibleRoles: eligible,
    groupIds: [],
  };
}

function targetWith(patch: Partial<TargetFacts>): TargetFacts {
  const base = target('alexw');
  return { ...base, ...patch };
}

describe('canIssue: the narrowest sufficient authority', () => {
  it('least privileged role first: AA over PAA over GA, whatever the order given', () => {
    const all = [
      assignment(Roles.globalAdministrator),
      assignment(Roles.privilegedAuthenticationAdministrator),
      assignment(Roles.authenticationAdministrator),
    ];
    for (const active of [all, [...all].reverse()]) {
      const result = canIssue(approverWith(active), target('alexw'), 'someone');
      assert.ok(result.ok);
      assert.equal(result.value.roleTemplateId, Roles.authenticationAdministrator);
    }
  });

  it('PAA when AA cannot serve the target', () => {
    const all = [
      assignment(Roles.globalAdministrator),
      assignment(Roles.privilegedAuthenticationAdministrator),
      assignment(Roles.authenticationAdministrator),
    ];
    const result = canIssue(approverWith(all), target('isaiahl'), 'someone');
    assert.ok(result.ok);
    assert.equal(result.value.roleTemplateId, Roles.privilegedAuthenticationAdministrator);
  });

  it('same role: the unit scope before the tenant, a direct assignment before a group one', () => {
    const grady = target('gradya');
    const tenantViaGroup = assignment(Roles.authenticationAdministrator, { kind: 'tenant' }, 'g1');
    const tenantDirect = assignment(Roles.authenticationAdministrator);
    const unit = assignment(Roles.authenticationAdministrator, AU(MUNICH));
    assert.deepEqual((canIssue(approverWith([tenantViaGroup, tenantDirect, unit]), grady, 'x') as { value: unknown }).value, {
      roleTemplateId: Roles.authenticationAdministrator,
      scope: AU(MUNICH),
      via: 'direct',
    });
    assert.equal((canIssue(approverWith([tenantViaGroup, tenantDirect]), grady, 'x') as { value: { via: string } }).value.via, 'direct');
  });

  it('role before scope: a tenant-wide AA is narrower than a unit-scoped PAA', () => {
    const result = canIssue(
      approverWith([assignment(Roles.privilegedAuthenticationAdministrator, AU(MUNICH)), assignment(Roles.authenticationAdministrator)]),
      target('gradya'),
      'x',
    );
    assert.ok(result.ok);
    assert.equal(result.value.roleTemplateId, Roles.authenticationAdministrator);
    assert.equal(result.value.scope.kind, 'tenant');
  });
});

describe('canIssue: fail closed', () => {
  it('a disabled approver', () => {
    const approver = {
      ...approverWith([assignment(Roles.globalAdministrator)]),
      user: { id: 'a', userPrincipalName: 'a@x', displayName: 'A', accountEnabled: false },
    };
    assert.equal(outcome(approver, target('alexw'), 'x'), 'issuer.disabled');
  });

  it('an issuing role scoped to something other than the tenant or a unit grants nothing', () => {
    assert.equal(
      outcome(approverWith([assignment(Roles.globalAdministrator, { kind: 'resource', id: '/some-app' })]), target('alexw'), 'x'),
      'issuer.no-role',
    );
  });

  it("a custom (unknown) role on the target puts it out of an Authentication Administrator's reach", () => {
    const custom = targetWith({ activeRoles: [assignment('11111111-2222-3333-4444-555555555555')] });
    assert.equal(outcome(approverWith([assignment(Roles.authenticationAdministrator)]), custom, 'x'), 'issuer.role-too-low');
    assert.equal(requiredRoleFor(custom), 'privilegedAuthenticationAdministrator');
  });

  it('a manageable role scoped to a restricted-management unit is its own matrix row', () => {
    const aa = approverWith([assignment(Roles.authenticationAdministrator)]);
    const restrictedScope = targetWith({ activeRoles: [assignment(PASSWORD_ADMIN, AU('rmau', true))] });
    const canIssueResult = canIssue(aa, restrictedScope, 'x');
    assert.ok(!canIssueResult.ok);
    assert.equal(canIssueResult.error.params?.reason, 'restricted-au-role');
    // Unknown whether the unit is restricted: counts as restricted.
    assert.equal(outcome(aa, targetWith({ activeRoles: [assignment(PASSWORD_ADMIN, AU('somewhere'))] }), 'x'), 'issuer.role-too-low');
    // Known to be an ordinary unit: a Password Administrator is manageable.
    assert.equal(outcome(aa, targetWith({ activeRoles: [assignment(PASSWORD_ADMIN, AU('plain', false))] }), 'x'), 'ok');
  });

  it('an owner (not member) of a role-assignable group needs a PAA', () => {
    const owner = targetWith({ ownedRoleAssignableGroupIds: ['rag'] });
    assert.equal(outcome(approverWith([assignment(Roles.authenticationAdministrator)]), owner, 'x'), 'issuer.role-too-low');
    assert.equal(outcome(approverWith([assignment(Roles.privilegedAuthenticationAdministrator)]), owner, 'x'), 'ok');
  });

  it('Graph flags the user restricted though the unit list does not say which', () => {
    const alex = target('alexw');
    const flagged = { ...alex, user: { ...alex.user, isManagementRestricted: true } };
    assert.deepEqual(canIssue(approverWith([assignment(Roles.globalAdministrator)]), flagged, 'x'), {
      ok: false,
      error: { code: 'issuer.restricted-au' },
    });
  });

  it('a unit-scoped role does not reach a role-assignable-group member inside the unit', () => {
    const grady = target('gradya');
    const inGroup = { ...grady, groups: [...grady.groups, { id: 'rag', displayName: 'Tier 0', isAssignableToRole: true }] };
    const result = canIssue(approverWith([assignment(Roles.privilegedAuthenticationAdministrator, AU(MUNICH))]), inGroup, 'x');
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'issuer.au-scope-admin-target');
    assert.equal(result.error.params?.reason, 'role-assignable-group');
  });
});

describe('canIssue: PIM', () => {
  it('an eligible role that would serve beats an active one that would not: "activate it"', () => {
    const megan = issuer('meganb');
    const withEligiblePaa = { ...megan, eligibleRoles: [assignment(Roles.privilegedAuthenticationAdministrator)] };
    assert.equal(outcome(withEligiblePaa, target('isaiahl'), 'x'), 'issuer.role-eligible-only');
    assert.equal(outcome(withEligiblePaa, target('alexw'), 'x'), 'ok');
  });

  it('an eligible role that would not serve either: says why, marked eligible', () => {
    const result = canIssue(approverWith([], [assignment(Roles.authenticationAdministrator, AU(MUNICH))]), target('alexw'), 'x');
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'issuer.out-of-scope');
    assert.equal(result.error.params?.assignment, 'eligible');
  });

  it('a PIM-eligible target role counts as an admin role for unit-scoped approvers', () => {
    const grady = target('gradya');
    const eligibleAdmin = { ...grady, eligibleRoles: [assignment(Roles.globalAdministrator)] };
    assert.equal(isAdminTarget(eligibleAdmin), true);
    assert.equal(outcome(issuer('jonis'), eligibleAdmin, 'x'), 'issuer.au-scope-admin-target');
  });
});

describe('requiredRoleFor and isAdminTarget', () => {
  const CASES: Array<[string, RequiredRole, boolean]> = [
    ['alexw', 'authenticationAdministrator', false],
    ['meganb', 'authenticationAdministrator', true],
    ['jonis', 'authenticationAdministrator', true],
    ['lynner', 'authenticationAdministrator', true],
    ['gradya', 'authenticationAdministrator', false],
    ['adelev', 'privilegedAuthenticationAdministrator', true],
    ['leeg', 'privilegedAuthenticationAdministrator', true],
    ['isaiahl', 'privilegedAuthenticationAdministrator', true],
    ['pattif', 'privilegedAuthenticationAdministrator', true],
    ['henriettam', 'privilegedAuthenticationAdministrator', true],
    ['johannal', 'privilegedAuthenticationAdministrator', true],
    ['benw', 'privilegedAuthenticationAdministrator', true],
    ['gerhartm', 'privilegedAuthenticationAdministrator', false],
    ['nestorw', 'none-restricted-au', false],
    ['emily', 'authenticationAdministrator', false],
  ];
  for (const [who, role, admin] of CASES) {
    it(`${who}: ${role}${admin ? ', admin' : ''}`, () => {
      assert.equal(requiredRoleFor(target(who)), role);
      assert.equal(isAdminTarget(target(who)), admin);
    });
  }
});

describe('canRequestFor', () => {
  const SERVICE_DESK = 'e84af64a-6cea-595c-ae63-8594b90b5864';
  const requester = (who: string) => {
    const facts = issuer(who);
    return { id: facts.user.id, groupIds: facts.groupIds };
  };

  it('anyone for themselves', () => {
    assert.deepEqual(canRequestFor(requester('alexw'), target('alexw'), SERVICE_DESK), { ok: true, value: 'self' });
  });
  it('the service desk for anyone', () => {
    assert.deepEqual(canRequestFor(requester('meganb'), target('gradya'), SERVICE_DESK), { ok: true, value: 'service-desk' });
    assert.deepEqual(canRequestFor(requester('benw'), target('alexw'), SERVICE_DESK.toUpperCase()), { ok: true, value: 'service-desk' });
  });
  it('a manager for a direct report', () => {
    assert.deepEqual(canRequestFor(requester('alexw'), target('christiec'), SERVICE_DESK), { ok: true, value: 'manager' });
  });
  it('nobody else', () => {
    assert.deepEqual(canRequestFor(requester('alexw'), target('gradya'), SERVICE_DESK), {
      ok: false,
      error: { code: 'request.not-allowed-for-others' },
    });
    assert.deepEqual(canRequestFor(requester('christiec'), target('alexw'), SERVICE_DESK), {
      ok: false,
      error: { code: 'request.not-allowed-for-others' },
    });
    assert.equal(canRequestFor(requester('meganb'), target('gradya'), null).ok, false);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 14: unit-scoped target roles judged as that role; direct unit membership; PIM for Groups.

describe('canIssue: rules as Entra applies them (unit scope, PIM for Groups)', () => {
  const aa = approverWith([assignment(Roles.authenticationAdministrator)]);
  const paa = approverWith([assignment(Roles.privilegedAuthenticationAdministrator)]);
  const auScoped = approverWith([
    assignment(Roles.authenticationAdministrator, { kind: 'administrativeUnit', id: 'munich', displayName: 'Munich office' }),
  ]);
  const unit = (id: string, displayName: string, restricted?: boolean): RoleAssignmentFact['scope'] =>
    restricted === undefined
      ? { kind: 'administrativeUnit', id, displayName }
      : { kind: 'administrativeUnit', id, displayName, restricted };
  const RAG = { id: 'rag', displayName: 'Tier 0 admins', isAssignableToRole: true };
  const PLAIN = { id: 'plain', displayName: 'Sales', isAssignableToRole: false };

  // [case, approver, target facts, expected code, expected reason (role-too-low)]
  const CASES: Array<[string, IssuerFacts, Partial<TargetFacts>, string, string?]> = [
    [
      'Password Admin scoped to an ordinary unit, tenant AA',
      aa,
      { activeRoles: [assignment(PASSWORD_ADMIN, unit('berlin', 'Berlin', false))] },
      'ok',
    ],
    [
      'Password Admin scoped to a restricted unit, tenant AA',
      aa,
      { activeRoles: [assignment(PASSWORD_ADMIN, unit('exec', 'Executive', true))] },
      'issuer.role-too-low',
      'restricted-au-role',
    ],
    [
      'Password Admin scoped to a unit Graph did not describe, tenant AA',
      aa,
      { activeRoles: [assignment(PASSWORD_ADMIN, AU('ghost'))] },
      'issuer.role-too-low',
      'unreadable-au-role',
    ],
    [
      'eligible Password Admin scoped to an ordinary unit, tenant AA',
      aa,
      { eligibleRoles: [assignment(PASSWORD_ADMIN, unit('berlin', 'Berlin', false))] },
      'ok',
    ],
    [
      'Exchange Admin scoped to an ordinary unit is judged as Exchange Admin',
      aa,
      { activeRoles: [assignment(EXCHANGE_ADMIN, unit('berlin', 'Berlin', false))] },
      'issuer.role-too-low',
      'admin-role',
    ],
    [
      'Password Admin scoped to a restricted unit, tenant PAA',
      paa,
      { activeRoles: [assignment(PASSWORD_ADMIN, unit('exec', 'Executive', true))] },
      'ok',
    ],
    [
      'PIM-eligible member of a role-assignable group, tenant AA',
      aa,
      { groupEligibility: { known: true, value: [{ group: RAG, accessId: 'member' }] } },
      'issuer.role-too-low',
      'role-assignable-group',
    ],
    [
      'PIM-eligible owner of a role-assignable group, tenant AA',
      aa,
      { groupEligibility: { known: true, value: [{ group: RAG, accessId: 'owner' }] } },
      'issuer.role-too-low',
      'role-assignable-group',
    ],
    [
      'PIM-eligible member of a plain group, tenant AA',
      aa,
      { groupEligibility: { known: true, value: [{ group: PLAIN, accessId: 'member' }] } },
      'ok',
    ],
    [
      'PIM for Groups eligibility unreadable (a fault), tenant AA (fail closed)',
      aa,
      { groupEligibility: { known: false, reason: 'unavailable' } },
      'issuer.role-too-low',
      'group-eligibility-unreadable',
    ],
    [
      'PIM for Groups eligibility not granted, tenant AA (a warning on the card, not a blocker)',
      aa,
      { groupEligibility: { known: false, reason: 'permission', need: 'PrivilegedEligibilitySchedule.Read.AzureADGroup' } },
      'ok',
    ],
    ['PIM for Groups eligibility unreadable, tenant PAA', paa, { groupEligibility: { known: false, reason: 'permission' } }, 'ok'],
    [
      'direct member of the unit, AU-scoped AA',
      auScoped,
      { administrativeUnits: [{ id: 'munich', displayName: 'Munich office', restricted: false }] },
      'ok',
    ],
    ['not a direct member of the unit (e.g. through a group), AU-scoped AA', auScoped, { administrativeUnits: [] }, 'issuer.out-of-scope'],
    [
      'PIM-eligible for a role-assignable group inside the unit, AU-scoped AA',
      auScoped,
      {
        administrativeUnits: [{ id: 'munich', displayName: 'Munich office', restricted: false }],
        groupEligibility: { known: true, value: [{ group: RAG, accessId: 'member' }] },
      },
      'issuer.au-scope-admin-target',
    ],
  ];

  for (const [name, approver, patch, code, reason] of CASES) {
    it(name, () => {
      const result = canIssue(approver, targetWith(patch), 'requester');
      assert.equal(result.ok ? 'ok' : result.error.code, code);
      if (reason !== undefined) assert.equal(!result.ok && result.error.params?.reason, reason);
    });
  }

  it('messages name units and groups, not ids', () => {
    const restricted = canIssue(aa, targetWith({ activeRoles: [assignment(PASSWORD_ADMIN, unit('exec-id', 'Executive', true))] }), 'r');
    assert.equal(!restricted.ok && restricted.error.params?.units, 'Executive');
    const owned = canIssue(aa, targetWith({ ownedRoleAssignableGroupIds: ['rag'], ownedRoleAssignableGroups: [RAG] }), 'r');
    assert.equal(!owned.ok && owned.error.params?.groups, 'Tier 0 admins');
    const outOfScope = canIssue(
      approverWith([assignment(Roles.authenticationAdministrator, AU('unnamed-id'))]),
      targetWith({ administrativeUnits: [] }),
      'r',
    );
    assert.ok(!outOfScope.ok);
    assert.doesNotMatch(String(outOfScope.error.params?.units), /unnamed-id/);
    assert.equal(outOfScope.error.params?.unitIds, 'unnamed-id');
  });
});
