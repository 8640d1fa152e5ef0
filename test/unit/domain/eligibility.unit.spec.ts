// Eligibility: every contoso cast member with the default pass, then each rule at its edges.
import assert from 'node:assert/strict';
import type { TapPolicyFacts, TargetFacts } from '../../../src/domain/facts';
import type { PassSpec } from '../../../src/domain/request-types';
import { START_GRACE_MINUTES, checkEligibility, defaultPassSpec, externalReason } from '../../../src/domain/eligibility';
import { failedPart, okPart } from '../../../src/graph/facts-mapper';
import { loadSeed, policyFor, targetFactsFor, upnsOf } from '../../support/seed-facts';

const seed = loadSeed();
const NOW = new Date('2025-06-02T10:00:00Z');
const POLICY = policyFor(seed);
const PASS: PassSpec = defaultPassSpec(POLICY);
const target = (who: string) => targetFactsFor(seed, who, NOW);
const check = (t: TargetFacts | null, pass: PassSpec = PASS, policy: TapPolicyFacts = POLICY, refuseHighRisk = true) =>
  checkEligibility(t, policy, pass, NOW, { refuseHighRisk });
const codes = (list: Array<{ code: string }>) => list.map((x) => x.code);
const minutesFromNow = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString();

//                           refusals                          warnings
const CAST: Record<string, [string[], string[]]> = {
  alexw: [[], []],
  meganb: [[], []],
  adelev: [[], []],
  leeg: [[], []],
  isaiahl: [[], []],
  pattif: [[], []],
  jonis: [[], []],
  gradya: [[], []],
  lynner: [[], []],
  henriettam: [[], []],
  johannal: [[], []],
  diegos: [['target.disabled'], []],
  pradeepg: [['target.excluded-by-policy'], []],
  nestorw: [[], []], // eligible as such: the restricted unit is issuer-rules' refusal
  irvins: [['target.high-risk'], []],
  miriamg: [[], []],
  lidiah: [[], ['target.live-pass']], // usable one-time pass right now
  enricoc: [[], []], // one-time pass already used
  christiec: [[], []],
  benw: [[], []], // expired pass
  allanD: [[], ['target.live-pass']], // pass not yet valid: still replaced
  debrab: [[], []],
  gerhartm: [[], []],
  emily: [['target.external-guest'], []],
  cameronw: [[], []], // internal guest
};

describe('checkEligibility: the contoso cast, default pass', () => {
  it('the table covers every user in the seed', () => {
    assert.equal(Object.keys(CAST).length, upnsOf(seed).length);
  });

  for (const [who, [refusals, warnings]] of Object.entries(CAST)) {
    it(`${who}: ${refusals.length ? refusals.join(', ') : 'eligible'}${warnings.length ? ` (${warnings.join(', ')})` : ''}`, () => {
      const result = check(target(who));
      assert.deepEqual(codes(result.refusals), refusals);
      assert.deepEqual(codes(result.warnings), warnings);
      assert.equal(result.eligible, refusals.length === 0);
    });
  }
});

describe('checkEligibility: the target', () => {
  it('an unknown account is refused, and the pass is still checked', () => {
    assert.deepEqual(codes(check(null, { ...PASS, lifetimeInMinutes: 5 }).refusals), ['target.not-found', 'pass.lifetime-out-of-bounds']);
  });

  it('external guest: invitation, self-service sign-up, or a federated identity', () => {
    assert.deepEqual(check(target('emily')).refusals, [{ code: 'target.external-guest', params: { reason: 'invitation' } }]);
    const cameron = target('cameronw');
    assert.equal(externalReason({ ...cameron.user, creationType: 'SelfServiceSignUp' }), 'self-service-sign-up');
    assert.equal(externalReason({ ...cameron.user, identitySignInTypes: ['federated'] }), 'federated-identity');
    assert.equal(externalReason(cameron.user), null);
    assert.equal(cameron.user.userType, 'Guest');
  });

  it('every reason at once, not just the first', () => {
    const emily = target('emily');
    const disabled = { ...emily, user: { ...emily.user, accountEnabled: false } };
    const strict: TapPolicyFacts = { ...POLICY, isUsableOnce: true };
    const result = check(disabled, { lifetimeInMinutes: 481, isUsableOnce: false, startDateTime: minutesFromNow(-60) }, strict);
    assert.deepEqual(codes(result.refusals), [
      'target.disabled',
      'target.external-guest',
      'pass.lifetime-out-of-bounds',
      'pass.multi-use-not-allowed',
      'pass.start-in-past',
    ]);
  });
});

describe('checkEligibility: the policy', () => {
  it('a disabled policy refuses everyone (and inclusion is then beside the point)', () => {
    assert.deepEqual(codes(check(target('alexw'), PASS, { ...POLICY, state: 'disabled' }).refusals), ['target.policy-disabled']);
  });

  it('excluded through a group names the group', () => {
    assert.deepEqual(check(target('pradeepg')).refusals, [
      {
        code: 'target.excluded-by-policy',
        params: { via: 'group', groupId: '80e196ed-eea2-58e0-b72f-554984fe5847', group: 'TAP Excluded' },
      },
    ]);
  });

  it('excluded by user id', () => {
    const alex = target('alexw');
    const policy = { ...POLICY, excludeTargets: [{ id: alex.user.id.toUpperCase(), targetType: 'user' }] };
    assert.deepEqual(check(alex, PASS, policy).refusals, [{ code: 'target.excluded-by-policy', params: { via: 'user' } }]);
  });

  it('included by one group only: its members in, everyone else out', () => {
    const finance: TapPolicyFacts = {
      ...POLICY,
      includeTargets: [{ id: 'fd91de40-cd94-5ed6-a4f4-012da5618aa1', targetType: 'group' }],
      excludeTargets: [],
    };
    assert.deepEqual(codes(check(target('miriamg'), PASS, finance).refusals), []);
    assert.deepEqual(codes(check(target('pradeepg'), PASS, finance).refusals), []);
    assert.deepEqual(codes(check(target('alexw'), PASS, finance).refusals), ['target.not-in-policy']);
  });

  it('included by user id', () => {
    const alex = target('alexw');
    const policy: TapPolicyFacts = { ...POLICY, includeTargets: [{ id: alex.user.id, targetType: 'user' }] };
    assert.equal(check(alex, PASS, policy).eligible, true);
    assert.equal(check(target('gradya'), PASS, policy).eligible, false);
  });

  it('groups count transitively (the facts list nested groups)', () => {
    const alex = target('alexw');
    const nested = { ...alex, groups: [{ id: 'outer', displayName: 'Outer', isAssignableToRole: false }] };
    const policy: TapPolicyFacts = { ...POLICY, includeTargets: [{ id: 'outer', targetType: 'group' }] };
    assert.equal(check(nested, PASS, policy).eligible, true);
  });
});

describe('checkEligibility: the pass', () => {
  const LIFETIMES: Array<[number, boolean]> = [
    [59, false],
    [60, true],
    [61, true],
    [480, true],
    [481, false],
    [60.5, false],
  ];
  for (const [lifetime, allowed] of LIFETIMES) {
    it(`lifetime ${lifetime} within 60–480: ${allowed ? 'allowed' : 'refused'}`, () => {
      const result = check(target('alexw'), { ...PASS, lifetimeInMinutes: lifetime });
      assert.equal(result.eligible, allowed);
      if (!allowed)
        assert.deepEqual(result.refusals, [{ code: 'pass.lifetime-out-of-bounds', params: { min: 60, max: 480, requested: lifetime } }]);
    });
  }

  it('multi-use: allowed by this policy, refused by one that forces one-time use', () => {
    const multi = { ...PASS, isUsableOnce: false };
    assert.equal(check(target('alexw'), multi).eligible, true);
    assert.deepEqual(codes(check(target('alexw'), multi, { ...POLICY, isUsableOnce: true }).refusals), ['pass.multi-use-not-allowed']);
    assert.equal(check(target('alexw'), PASS, { ...POLICY, isUsableOnce: true }).eligible, true);
  });

  it(`start time: now, later, or up to ${START_GRACE_MINUTES} minutes ago is fine; earlier is refused`, () => {
    const at = (startDateTime: string | null) => codes(check(target('alexw'), { ...PASS, startDateTime }).refusals);
    assert.deepEqual(at(null), []);
    assert.deepEqual(at(minutesFromNow(60 * 24)), []);
    assert.deepEqual(at(minutesFromNow(-START_GRACE_MINUTES)), []);
    assert.deepEqual(at(new Date(NOW.getTime() - START_GRACE_MINUTES * 60_000 - 1).toISOString()), ['pass.start-in-past']);
    assert.deepEqual(at('tomorrow-ish'), ['pass.start-invalid']);
  });

  it('defaultPassSpec: the policy default, one-time, starting now; clamped into the bounds', () => {
    assert.deepEqual(defaultPassSpec(POLICY), { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null });
    assert.equal(defaultPassSpec({ ...POLICY, defaultLifetimeInMinutes: 10 }).lifetimeInMinutes, 60);
    assert.equal(defaultPassSpec({ ...POLICY, defaultLifetimeInMinutes: 9000 }).lifetimeInMinutes, 480);
  });
});

describe('checkEligibility: risk and live passes', () => {
  it('high risk: refused when the tenant says so, else a warning', () => {
    assert.deepEqual(check(target('irvins')).refusals, [{ code: 'target.high-risk', params: { riskLevel: 'high', riskState: 'atRisk' } }]);
    const lenient = check(target('irvins'), PASS, POLICY, false);
    assert.equal(lenient.eligible, true);
    assert.deepEqual(lenient.warnings, [{ code: 'target.elevated-risk', params: { level: 'high', state: 'atRisk' } }]);
  });

  const withRisk = (riskLevel: string, riskState: string) =>
    targetFactsFor(seed, 'alexw', NOW, { riskyUser: okPart({ riskLevel, riskState }) });

  it('confirmed compromised at high risk is refused; remediated or dismissed high risk is not', () => {
    assert.deepEqual(codes(check(withRisk('high', 'confirmedCompromised')).refusals), ['target.high-risk']);
    assert.equal(check(withRisk('high', 'remediated')).eligible, true);
    assert.deepEqual(check(withRisk('high', 'dismissed')).warnings, []);
  });

  it('medium risk that is open: a warning', () => {
    assert.deepEqual(check(withRisk('medium', 'atRisk')).warnings, [
      { code: 'target.elevated-risk', params: { level: 'medium', state: 'atRisk' } },
    ]);
    assert.deepEqual(check(withRisk('low', 'atRisk')).warnings, []);
  });

  it('risk that could not be checked: a warning with the reason when REFUSE_HIGH_RISK is off', () => {
    const noPermission = targetFactsFor(seed, 'alexw', NOW, { riskyUser: failedPart(403, 'Authorization_RequestDenied') });
    assert.deepEqual(check(noPermission, PASS, POLICY, false).warnings, [
      { code: 'target.risk-unknown', params: { reason: 'permission' } },
    ]);
    assert.equal(check(noPermission, PASS, POLICY, false).eligible, true);
    assert.deepEqual(check(withRisk('hidden', 'atRisk')).warnings, [{ code: 'target.risk-unknown', params: { reason: 'hidden' } }]);
  });

  it('REFUSE_HIGH_RISK on and risk unreadable (permission missing, or the read failed in the batch): refused with the reason', () => {
    const noPermission = targetFactsFor(seed, 'alexw', NOW, { riskyUser: failedPart(403, 'Authorization_RequestDenied') });
    assert.deepEqual(check(noPermission).refusals, [{ code: 'target.risk-unreadable', params: { reason: 'permission' } }]);
    assert.deepEqual(check(noPermission).warnings, []);
    const failed = targetFactsFor(seed, 'alexw', NOW, { riskyUser: failedPart(503, 'serviceUnavailable') });
    assert.deepEqual(codes(check(failed).refusals), ['target.risk-unreadable']);
    assert.equal(check(failed).eligible, false);
  });

  it('PIM for Groups eligibility not granted: a warning naming the permission, not a refusal', () => {
    const notGranted = targetFactsFor(seed, 'alexw', NOW, {
      groupEligibilitySchedules: failedPart(403, 'Authorization_RequestDenied', 'PrivilegedEligibilitySchedule.Read.AzureADGroup'),
    });
    const result = check(notGranted);
    assert.equal(result.eligible, true);
    assert.deepEqual(result.warnings, [
      { code: 'target.group-eligibility-unknown', params: { need: 'PrivilegedEligibilitySchedule.Read.AzureADGroup' } },
    ]);
  });

  it('a live pass names when it expires', () => {
    // Lidia's pass started 20 minutes ago and lives 60.
    assert.deepEqual(check(target('lidiah')).warnings, [
      { code: 'target.live-pass', params: { state: 'usable', startsAt: minutesFromNow(-20), expiresAt: minutesFromNow(40) } },
    ]);
    // Allan's starts tomorrow and lives 120.
    assert.deepEqual(check(target('allanD')).warnings, [
      {
        code: 'target.live-pass',
        params: { state: 'not-yet-valid', startsAt: minutesFromNow(24 * 60), expiresAt: minutesFromNow(24 * 60 + 120) },
      },
    ]);
  });

  it('passes that could not be read: a warning, since a live one may be replaced', () => {
    const unreadable = targetFactsFor(seed, 'lidiah', NOW, { methods: failedPart(503) });
    assert.deepEqual(check(unreadable).warnings, [{ code: 'target.tap-unknown', params: { reason: 'unavailable' } }]);
  });

  it('a multi-use pass under a one-time policy is dead: no warning', () => {
    const dead = targetFactsFor(seed, 'alexw', NOW, {
      tap: okPart({
        value: [
          {
            id: 't',
            createdDateTime: minutesFromNow(-5),
            startDateTime: minutesFromNow(-5),
            lifetimeInMinutes: 60,
            isUsableOnce: false,
            isUsable: false,
            methodUsabilityReason: 'DisabledByPolicy',
          },
        ],
      }),
    });
    assert.deepEqual(check(dead).warnings, []);
  });
});
