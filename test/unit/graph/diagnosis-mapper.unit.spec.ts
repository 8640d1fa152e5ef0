// Graph JSON → diagnosis facts, on Microsoft's documented responses (test/fixtures/graph) (sign-ins, sign-in status, CA policies, TAP policy)
// and on the contoso seed; refusals (permission, licence) become unknown facts.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnose } from '../../../src/domain/diagnosis/diagnosis';
import { Roles } from '../../../src/domain/facts';
import {
  type CaSubject,
  caSubjectOf,
  policyTargets,
  toConditionalAccessFacts,
  toConditionalAccessPolicyFact,
  toDiagnosisFacts,
  toKnownTapPolicy,
  toSignInFact,
  toSignInFacts,
} from '../../../src/graph/diagnosis-mapper';
import { UNREADABLE_ROLE, failedPart, okPart } from '../../../src/graph/facts-mapper';
import { loadSeed, targetFactsFor } from '../../support/seed-facts';
import { GRAPH_FIXTURES } from '../../support/fixture-paths';
import { conditionalAccessPartFor, signInsPartFor, tapPolicyPartFor } from '../../support/seed-diagnosis-facts';

const FIXTURES = GRAPH_FIXTURES;
const fixture = (name: string): any => JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

const SIGNED_IN_AT = '2020-03-13T19:15:41.6195833Z'; // the fixture's only sign-in
const hoursAfter = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000);

describe('diagnosis mapper: sign-in logs', () => {
  it('the doc example (a success with two not-enabled policies) maps field by field', () => {
    const result = toSignInFacts(okPart(fixture('signins-list-response-200')), hoursAfter(SIGNED_IN_AT, 1));
    assert.ok(result.known);
    assert.deepEqual(result.value, [
      {
        createdDateTime: SIGNED_IN_AT,
        errorCode: 0,
        failureReason: null,
        location: 'Redmond, Washington, US',
        ipAddress: '131.107.159.37',
        appDisplayName: 'Graph explorer',
        clientAppUsed: 'Browser',
        deviceDetail: { operatingSystem: 'Windows 10', browser: 'Edge 80.0.361', isCompliant: null, isManaged: null },
        conditionalAccessStatus: 'notApplied',
        appliedConditionalAccessPolicies: [
          {
            id: 'de7e60eb-ed89-4d73-8205-2227def6b7c9',
            displayName: 'SharePoint limited access for guest workers',
            enforcedGrantControls: [],
            result: 'notEnabled',
          },
          {
            id: '6701123a-b4c6-48af-8565-565c8bf7cabc',
            displayName: 'Medium signin risk block',
            enforcedGrantControls: [],
            result: 'notEnabled',
          },
        ],
      },
    ]);
  });

  it('keeps only the last 24 hours', () => {
    const later = toSignInFacts(okPart(fixture('signins-list-response-200')), hoursAfter(SIGNED_IN_AT, 25));
    assert.deepEqual(later, { known: true, value: [] });
  });

  it('newest first, across pages', () => {
    const now = new Date('2025-06-02T10:00:00Z');
    const at = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
    const page1 = okPart({
      value: [
        { createdDateTime: at(30), status: { errorCode: 50126 } },
        { createdDateTime: at(5), status: { errorCode: 0 } },
      ],
    });
    const page2 = okPart({ value: [{ createdDateTime: at(10), status: { errorCode: 50053 } }] });
    const result = toSignInFacts([page1, page2], now);
    assert.ok(result.known);
    assert.deepEqual(
      result.value.map((s) => s.errorCode),
      [0, 50053, 50126],
    );
  });

  it('the failed-status doc example: code and reason carried, the code explained by the diagnosis', () => {
    const now = new Date('2025-06-02T10:00:00Z');
    const status = fixture('signin-status-example');
    const signIn = { createdDateTime: '2025-06-02T09:55:00Z', appDisplayName: 'Contoso app', status };
    const fact = toSignInFact(signIn);
    assert.equal(fact.errorCode, 65001);
    assert.match(fact.failureReason ?? '', /has not consented/);
    const seed = loadSeed();
    const target = targetFactsFor(seed, 'alexw', now);
    const facts = toDiagnosisFacts(
      {
        target,
        policy: tapPolicyPartFor(seed),
        signIns: okPart({ value: [signIn] }),
        conditionalAccess: conditionalAccessPartFor(seed, now),
        symptom: 'other',
        reaching: 'Contoso app',
        reportedCode: null,
      },
      now,
    );
    const d = diagnose(facts, now);
    assert.equal(d.top.id, 'signin.error');
    assert.match(d.top.title, /AADSTS65001 \(DelegationDoesNotExist\)/);
  });

  it('a missing appliedConditionalAccessPolicies (no CA read permission) is "not visible", not "none"', () => {
    assert.equal(toSignInFact({ createdDateTime: SIGNED_IN_AT, status: { errorCode: 0 } }).appliedConditionalAccessPolicies, null);
    assert.deepEqual(
      toSignInFact({ createdDateTime: SIGNED_IN_AT, status: { errorCode: 0 }, appliedConditionalAccessPolicies: [] })
        .appliedConditionalAccessPolicies,
      [],
    );
  });

  it('refusals: licence, permission, anything else', () => {
    const now = new Date();
    assert.deepEqual(toSignInFacts(failedPart(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant'), now), {
      known: false,
      reason: 'licence',
    });
    assert.deepEqual(toSignInFacts(failedPart(403, 'Authorization_RequestDenied'), now), { known: false, reason: 'permission' });
    assert.deepEqual(toSignInFacts(failedPart(503), now), { known: false, reason: 'unavailable' });
    assert.deepEqual(
      toSignInFacts([okPart({ value: [] }), failedPart(429)], now),
      { known: false, reason: 'unavailable' },
      'a partial log is no log',
    );
  });
});

const SUBJECT: CaSubject = { userId: 'A702A13D-A437-4A07-8A7E-8C052DE62DFD', groupIds: [], roleTemplateIds: [], guestOrExternal: false };

describe('diagnosis mapper: Conditional Access policies', () => {
  it('the list doc example: disabled policies for "None" target nobody', () => {
    const result = toConditionalAccessFacts(okPart(fixture('ca-policies-list-response-200')), SUBJECT);
    assert.ok(result.known);
    assert.deepEqual(result.value, [
      {
        id: 'ad8d2b4a-8d30-413f-88b8-144c6c8d98d9',
        displayName: 'SimplePolicy1',
        state: 'disabled',
        targetsUser: false,
        clientAppTypes: ['all'],
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      },
      {
        id: 'c558e346-969d-40a7-a64e-2df6c2c88490',
        displayName: 'SimplePolicy2',
        state: 'disabled',
        targetsUser: false,
        clientAppTypes: ['all'],
        grantControls: { operator: 'OR', builtInControls: ['mfa'] },
      },
    ]);
  });

  it('the get doc example: user included (case-insensitive), terms of use kept as a control', () => {
    const policy = toConditionalAccessPolicyFact(fixture('ca-policy-get-response-200'), SUBJECT);
    assert.equal(policy.targetsUser, true);
    assert.equal(policy.state, 'disabled');
    assert.deepEqual(policy.grantControls?.builtInControls, [
      'mfa',
      'compliantDevice',
      'domainJoinedDevice',
      'approvedApplication',
      'compliantApplication',
      'termsOfUse',
    ]);
  });

  it('targeting: include by all, user, group or role; any exclusion wins', () => {
    const users = fixture('ca-policy-get-response-200').conditions.users;
    const someone = (extra: Partial<CaSubject>): CaSubject => ({
      userId: 'u1',
      groupIds: [],
      roleTemplateIds: [],
      guestOrExternal: false,
      ...extra,
    });
    const cases: Array<[string, any, CaSubject, boolean]> = [
      ['role included', users, someone({ roleTemplateIds: [Roles.authenticationAdministrator] }), true],
      [
        'role included, another role excluded',
        users,
        someone({ roleTemplateIds: [Roles.authenticationAdministrator, 'b0f54661-2d74-4c50-afa3-1ec803f12efe'] }),
        false,
      ],
      [
        'user excluded',
        users,
        someone({ userId: '124c5b6a-ffa5-483a-9b88-04c3fce5574a', roleTemplateIds: [Roles.authenticationAdministrator] }),
        false,
      ],
      ['guests excluded', users, someone({ roleTemplateIds: [Roles.authenticationAdministrator], guestOrExternal: true }), false],
      ['nobody named', users, someone({}), false],
      ['All', { includeUsers: ['All'] }, someone({}), true],
      ['All but a group', { includeUsers: ['All'], excludeGroups: ['g1'] }, someone({ groupIds: ['G1'] }), false],
      ['group', { includeGroups: ['g1'] }, someone({ groupIds: ['g1'] }), true],
      ['guests', { includeUsers: ['GuestsOrExternalUsers'] }, someone({ guestOrExternal: true }), true],
      [
        'guests object',
        { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest' } },
        someone({ guestOrExternal: true }),
        true,
      ],
      ['None', { includeUsers: ['None'] }, someone({}), false],
      ['no users block', undefined, someone({}), false],
    ];
    for (const [name, conditions, subject, expected] of cases) assert.equal(policyTargets(conditions, subject), expected, name);
  });

  it('the contoso seed: who each policy targets', () => {
    const seed = loadSeed();
    const now = new Date('2025-06-02T10:00:00Z');
    const targeted = (who: string) => {
      const result = toConditionalAccessFacts(conditionalAccessPartFor(seed, now), caSubjectOf(targetFactsFor(seed, who, now)));
      assert.ok(result.known);
      return result.value.filter((p) => p.targetsUser).map((p) => p.displayName);
    };
    assert.deepEqual(targeted('miriamg'), ['Finance requires compliant device', 'Block legacy authentication']);
    assert.deepEqual(targeted('pradeepg'), ['Finance requires compliant device', 'Block legacy authentication']);
    assert.deepEqual(targeted('meganb'), ['Require phishing-resistant MFA for admins', 'Block legacy authentication']);
    assert.deepEqual(
      targeted('pattif'),
      ['Require phishing-resistant MFA for admins', 'Block legacy authentication'],
      'role through a role-assignable group',
    );
    assert.deepEqual(targeted('henriettam'), ['Block legacy authentication'], 'PIM-eligible roles do not count');
    assert.deepEqual(targeted('gerhartm'), [], 'emergency access is excluded everywhere');
  });

  it('the subject: active roles only, never the "unreadable" stand-in', () => {
    const seed = loadSeed();
    const now = new Date('2025-06-02T10:00:00Z');
    const target = targetFactsFor(seed, 'alexw', now, { roleAssignments: failedPart(403) });
    assert.ok(target.activeRoles.some((r) => r.roleTemplateId === UNREADABLE_ROLE));
    assert.deepEqual(caSubjectOf(target).roleTemplateIds, []);
    assert.equal(caSubjectOf(targetFactsFor(seed, 'emily', now)).guestOrExternal, true);
    assert.equal(caSubjectOf(targetFactsFor(seed, 'cameronw', now)).guestOrExternal, true);
  });

  it('refused reads are unknown', () => {
    assert.deepEqual(toConditionalAccessFacts(failedPart(403, 'Authorization_RequestDenied'), SUBJECT), {
      known: false,
      reason: 'permission',
    });
  });
});

describe('diagnosis mapper: TAP policy and the whole record', () => {
  it('the TAP policy doc example', () => {
    const policy = toKnownTapPolicy(okPart(fixture('tap-policy-get-response-200')));
    assert.ok(policy.known);
    assert.equal(policy.value.state, 'enabled');
    assert.deepEqual(policy.value.includeTargets, [{ id: 'all_users', targetType: 'group' }]);
    assert.deepEqual(toKnownTapPolicy(failedPart(403)), { known: false, reason: 'permission' });
  });

  it("toDiagnosisFacts on the seed: Miriam's two failures, newest first, with the failed policy", () => {
    const seed = loadSeed();
    const now = new Date('2025-06-02T10:00:00Z');
    const target = targetFactsFor(seed, 'miriamg', now);
    const facts = toDiagnosisFacts(
      {
        target,
        policy: tapPolicyPartFor(seed),
        signIns: signInsPartFor(seed, target.user.id, now),
        conditionalAccess: conditionalAccessPartFor(seed, now),
        symptom: 'blocked-by-policy',
        reaching: 'Teams',
        reportedCode: null,
      },
      now,
    );
    assert.ok(facts.signIns.known);
    assert.deepEqual(
      facts.signIns.value.map((s) => [
        s.errorCode,
        s.appliedConditionalAccessPolicies?.find((p) => p.result === 'failure')?.displayName ?? null,
      ]),
      [
        [53000, 'Finance requires compliant device'],
        [50126, null],
      ],
    );
    assert.equal(facts.symptom, 'blocked-by-policy');
  });
});
