// The policy of evidence: classes of target, the evidence TAP Desk can check, what each policy still wants, how
// EVIDENCE_POLICY is read, and approve() refusing (or recording) through the same checkApproval the card previews.
import assert from 'node:assert/strict';
import type { TargetFacts } from '../../../src/domain/facts';
import type { FaceCheck, ManagerCheck, TapRequest, VerificationMethod } from '../../../src/domain/request-types';
import { type Command, checkApproval, decide } from '../../../src/domain/request';
import {
  type EvidenceKind,
  RECOMMENDED_POLICY,
  STATED_POLICY,
  evidenceNeed,
  evidenceOf,
  evidenceStill,
  parseEvidencePolicy,
  stillFor,
  targetClassOf,
} from '../../../src/domain/evidence';
import { issuerFactsFor, loadSeed, personFor, policyFor, targetFactsFor } from '../../support/seed-facts';

const seed = loadSeed();
const T0 = new Date('2025-06-02T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const lee = personFor(seed, 'leeg');
const megan = personFor(seed, 'meganb');
const adele = personFor(seed, 'adelev');

const confirmedBy = (manager = lee): ManagerCheck => ({ state: 'confirmed', manager, askedAt: T0.toISOString(), at: at(1).toISOString() });
const asked = (manager = lee): ManagerCheck => ({ state: 'asked', manager, askedAt: T0.toISOString() });
const face = (state: 'passed' | 'below-threshold'): FaceCheck => ({
  state,
  askedBy: adele,
  askedAt: T0.toISOString(),
  threshold: 70,
  matchConfidence: state === 'passed' ? 91 : 40,
  at: at(2).toISOString(),
});

function filed(target: string, extra: { managerCheck?: ManagerCheck; faceCheck?: FaceCheck } = {}): TapRequest {
  const result = decide(
    null,
    {
      type: 'file',
      id: 'TAP-0042',
      requester: personFor(seed, target),
      target: personFor(seed, target),
      reason: { code: 'lost-device', text: null },
      pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
      delivery: 'approver',
      ttlMinutes: 30,
      replacesLivePass: false,
    },
    T0,
  );
  assert.ok(result.ok);
  return { ...result.value, ...extra };
}

const facts = (upn: string, phones?: TargetFacts['user']['phones']): TargetFacts => {
  const f = targetFactsFor(seed, upn, at(5));
  return phones === undefined ? f : { ...f, user: { ...f.user, phones } };
};
const NO_PHONES = { business: [], mobile: null };

describe('evidence policy: classes of target', () => {
  it('a directory role (active or PIM-eligible) makes an admin; a guest is a guest; anyone else a member', () => {
    assert.equal(targetClassOf(facts('benw')), 'admin', 'Helpdesk Administrator, active');
    assert.equal(targetClassOf(facts('henriettam')), 'admin', 'PIM-eligible Privileged Authentication Administrator');
    assert.equal(targetClassOf(facts('miriamg')), 'member');
    assert.equal(targetClassOf(facts('cameronw')), 'guest');
  });

  it('a guest who holds a role is judged as an admin (the stricter class)', () => {
    const guest = facts('cameronw');
    const withRole = { ...guest, activeRoles: facts('benw').activeRoles };
    assert.equal(targetClassOf(withRole), 'admin');
  });

  it('membership of a role-assignable group counts as an admin role', () => {
    const member = facts('miriamg');
    const inGroup = { ...member, groups: [{ id: 'g1', displayName: 'Tier 0', isAssignableToRole: true }] };
    assert.equal(targetClassOf(inGroup), 'admin');
  });
});

describe('evidence policy: the evidence TAP Desk can check', () => {
  it('a call-back counts only when chosen and the directory holds a number', () => {
    assert.deepEqual(evidenceOf(filed('miriamg'), facts('miriamg'), 'call-back', adele.id), ['call-back']);
    assert.deepEqual(evidenceOf(filed('miriamg'), facts('miriamg'), 'in-person', adele.id), []);
    assert.deepEqual(evidenceOf(filed('miriamg'), facts('miriamg', NO_PHONES), 'call-back', adele.id), []);
    const unread = { ...facts('miriamg'), user: { ...facts('miriamg').user, phones: undefined } };
    assert.deepEqual(evidenceOf(filed('miriamg'), unread, 'call-back', adele.id), [], "couldn't read the numbers: no call-back");
    assert.deepEqual(evidenceOf(filed('miriamg'), facts('miriamg', { business: [], mobile: '+1 425 555 0299' }), 'call-back', null), [
      'call-back',
    ]);
  });

  it("the manager's Confirm counts; their stated 'manager-confirmed' does not; nor the approver's own Confirm as manager", () => {
    assert.deepEqual(evidenceOf(filed('miriamg', { managerCheck: confirmedBy() }), facts('miriamg'), 'in-person', adele.id), ['manager']);
    assert.deepEqual(evidenceOf(filed('miriamg', { managerCheck: asked() }), facts('miriamg'), 'manager-confirmed', adele.id), []);
    assert.deepEqual(
      evidenceOf(filed('miriamg', { managerCheck: confirmedBy() }), facts('miriamg'), 'in-person', lee.id.toUpperCase()),
      [],
    );
  });

  it('only a passed Face Check counts', () => {
    assert.deepEqual(evidenceOf(filed('miriamg', { faceCheck: face('passed') }), facts('miriamg'), 'other', adele.id), ['face-check']);
    assert.deepEqual(evidenceOf(filed('miriamg', { faceCheck: face('below-threshold') }), facts('miriamg'), 'other', adele.id), []);
  });
});

describe('evidence policy: what is still wanted', () => {
  const still = (cls: 'member' | 'admin' | 'guest', kinds: EvidenceKind[]) => evidenceStill(RECOMMENDED_POLICY, cls, kinds);

  it('the default (stated) wants nothing for anyone', () => {
    for (const cls of ['member', 'admin', 'guest'] as const) assert.equal(evidenceStill(STATED_POLICY, cls, []), null);
  });

  it('recommended: members and guests need one kind, any of the three', () => {
    for (const cls of ['member', 'guest'] as const) {
      assert.deepEqual(still(cls, []), { more: 1, moreIndependent: 0 });
      for (const kind of ['call-back', 'manager', 'face-check'] as const) assert.equal(still(cls, [kind]), null);
    }
  });

  it("recommended: admins need two kinds, at least one not resting on the approver's word", () => {
    assert.deepEqual(still('admin', []), { more: 2, moreIndependent: 1 });
    assert.deepEqual(still('admin', ['call-back']), { more: 1, moreIndependent: 1 });
    assert.deepEqual(still('admin', ['manager']), { more: 1, moreIndependent: 0 });
    assert.deepEqual(still('admin', ['face-check']), { more: 1, moreIndependent: 0 });
    assert.equal(still('admin', ['call-back', 'manager']), null);
    assert.equal(still('admin', ['call-back', 'face-check']), null);
    assert.equal(still('admin', ['manager', 'face-check']), null);
  });

  it('a rule wanting more independent kinds than count still asks for enough kinds', () => {
    const strict = parseEvidencePolicy('admins=2/2');
    assert.ok(strict.ok);
    assert.deepEqual(evidenceStill(strict.policy, 'admin', ['call-back', 'manager']), { more: 1, moreIndependent: 1 });
    assert.equal(evidenceStill(strict.policy, 'admin', ['manager', 'face-check']), null);
  });

  it('the preview says what each choice of method would leave wanting, and what could still be added', () => {
    const need = evidenceNeed(RECOMMENDED_POLICY, filed('benw', { managerCheck: asked(megan) }), facts('benw'), adele.id, true);
    assert.equal(need.targetClass, 'admin');
    assert.deepEqual(need.held, []);
    assert.equal(need.callBackCounts, true);
    assert.deepEqual(need.withCallBack, { more: 1, moreIndependent: 1 });
    assert.deepEqual(need.otherwise, { more: 2, moreIndependent: 1 });
    assert.deepEqual(need.open, ['call-back', 'manager', 'face-check']);

    const confirmed = evidenceNeed(RECOMMENDED_POLICY, filed('benw', { managerCheck: confirmedBy(megan) }), facts('benw'), adele.id, true);
    assert.equal(confirmed.withCallBack, null, 'a call-back completes it');
    assert.equal(stillFor(confirmed, 'call-back'), null);
    assert.deepEqual(stillFor(confirmed, 'in-person'), { more: 1, moreIndependent: 0 });
    // Megan is Ben's manager: as the approver her own Confirm is her word again, and she cannot add it.
    const asManager = evidenceNeed(RECOMMENDED_POLICY, filed('benw', { managerCheck: asked(megan) }), facts('benw'), megan.id, true);
    assert.deepEqual(asManager.open, ['call-back', 'face-check']);
  });

  it('no number in the directory: choosing call-back adds nothing', () => {
    const need = evidenceNeed(RECOMMENDED_POLICY, filed('miriamg'), facts('miriamg', NO_PHONES), adele.id, true);
    assert.equal(need.callBackCounts, false);
    assert.deepEqual(stillFor(need, 'call-back'), { more: 1, moreIndependent: 0 });
    assert.deepEqual(need.open, ['face-check']);
  });

  it('Face Check not configured: never named as a way to add evidence, so nothing is left to offer here', () => {
    const need = evidenceNeed(RECOMMENDED_POLICY, filed('miriamg'), facts('miriamg', NO_PHONES), adele.id, false);
    assert.deepEqual(need.open, []);
    assert.deepEqual(need.otherwise, { more: 1, moreIndependent: 0 });
  });
});

describe('evidence policy: EVIDENCE_POLICY', () => {
  it("reads the presets and the per-class form; a class left out needs only the approver's word", () => {
    assert.equal((parseEvidencePolicy('stated') as { policy: unknown }).policy, STATED_POLICY);
    assert.equal((parseEvidencePolicy(' Recommended ') as { policy: unknown }).policy, RECOMMENDED_POLICY);
    assert.deepEqual(parseEvidencePolicy('members=1; admins=2/1 ;guests=0'), {
      ok: true,
      policy: { name: 'custom', rules: { member: { count: 1, independent: 0 }, admin: { count: 2, independent: 1 }, guest: WORD } },
    });
    assert.deepEqual(parseEvidencePolicy('admins=3/2'), {
      ok: true,
      policy: { name: 'custom', rules: { member: WORD, admin: { count: 3, independent: 2 }, guest: WORD } },
    });
  });

  for (const [bad, why] of [
    ['strict', /not members=N/],
    ['', /give stated, recommended/],
    ['admin=2', /not members=N/],
    ['members=one', /not members=N/],
    ['members=1;members=2', /given twice/],
    ['members=4', /at most 3 kinds/],
    ['admins=1/2', /at most 1 of 1/],
    ['admins=3/3', /at most 2 of 3/],
  ] as const) {
    it(`refuses "${bad}" and says why`, () => {
      const parsed = parseEvidencePolicy(bad);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.problem, why);
    });
  }
});

const WORD = { count: 0, independent: 0 };

describe('evidence policy: approve() and the card preview apply the same check', () => {
  const approveAs = (request: TapRequest, verification: VerificationMethod, target: string, policy = RECOMMENDED_POLICY): Command => ({
    type: 'approve',
    approver: adele,
    verification,
    verificationNote: verification === 'other' ? 'badge' : null,
    issuer: issuerFactsFor(seed, 'adelev', at(5)),
    targetFacts: facts(target),
    policy: policyFor(seed),
    options: { refuseHighRisk: true, evidencePolicy: policy, faceCheckOffered: true },
  });

  it("an admin-role target with only the approver's word is refused, saying what is still needed; nothing changes", () => {
    const request = filed('benw', { managerCheck: asked(megan) });
    for (const method of ['call-back', 'in-person', 'manager-confirmed', 'video-call', 'other'] as const) {
      const result = decide(request, approveAs(request, method, 'benw'), at(5));
      assert.equal(result.ok, false, method);
      if (!result.ok) assert.equal(result.error.code, 'request.evidence-needed');
    }
    const result = decide(request, approveAs(request, 'call-back', 'benw'), at(5));
    assert.deepEqual(result, {
      ok: false,
      error: {
        code: 'request.evidence-needed',
        params: {
          targetClass: 'admin',
          count: 2,
          independent: 1,
          held: '',
          more: 1,
          moreIndependent: 1,
          open: 'call-back,manager,face-check',
        },
      },
    });
  });

  it("with the manager's Confirm and a directory call-back it is approved, and the approval records both", () => {
    const request = filed('benw', { managerCheck: confirmedBy(megan) });
    const result = decide(request, approveAs(request, 'call-back', 'benw'), at(5));
    assert.ok(result.ok);
    assert.equal(result.value.status, 'issuing');
    if (result.value.status === 'issuing') assert.deepEqual(result.value.approval.evidence, ['call-back', 'manager']);
    // The same two kinds, but the approver stated in-person: the call-back is not theirs to count.
    assert.equal(decide(request, approveAs(request, 'in-person', 'benw'), at(5)).ok, false);
  });

  it('a member with a confirmed manager is approved whatever the stated method; with nothing, only by a call-back', () => {
    const confirmed = filed('miriamg', { managerCheck: confirmedBy() });
    assert.ok(decide(confirmed, approveAs(confirmed, 'in-person', 'miriamg'), at(5)).ok);
    const bare = filed('miriamg', { managerCheck: asked() });
    assert.equal(decide(bare, approveAs(bare, 'in-person', 'miriamg'), at(5)).ok, false);
    assert.ok(decide(bare, approveAs(bare, 'call-back', 'miriamg'), at(5)).ok);
  });

  it('under the default every method approves as before; the evidence present is still recorded', () => {
    const request = filed('benw', { managerCheck: asked(megan) });
    const result = decide(request, approveAs(request, 'in-person', 'benw', STATED_POLICY), at(5));
    assert.ok(result.ok);
    if (result.value.status === 'issuing') assert.deepEqual(result.value.approval.evidence, []);
    const absent = { ...approveAs(request, 'call-back', 'benw'), options: { refuseHighRisk: true } } as Command;
    const called = decide(request, absent, at(5));
    assert.ok(called.ok, 'no policy given: the default');
    if (called.value.status === 'issuing') assert.deepEqual(called.value.approval.evidence, ['call-back']);
  });

  it('the preview (no method yet) refuses the evidence only when no method could meet it, apart from the refusals', () => {
    const issuer = issuerFactsFor(seed, 'adelev', at(5));
    const preview = (request: TapRequest) =>
      checkApproval(request, issuer, facts('benw'), policyFor(seed), at(5), { refuseHighRisk: true, evidencePolicy: RECOMMENDED_POLICY });
    const bare = preview(filed('benw', { managerCheck: asked(megan) }));
    assert.equal(bare.refusals.length, 0, 'Deny stays possible');
    assert.equal(bare.evidenceShort?.code, 'request.evidence-needed');
    assert.equal(preview(filed('benw', { managerCheck: confirmedBy(megan) })).evidenceShort, null, 'a call-back would complete it');
    const withMethod = checkApproval(
      filed('benw', { managerCheck: confirmedBy(megan) }),
      issuer,
      facts('benw'),
      policyFor(seed),
      at(5),
      { refuseHighRisk: true, evidencePolicy: RECOMMENDED_POLICY },
      'video-call',
    );
    assert.equal(withMethod.evidenceShort?.code, 'request.evidence-needed');
  });
});
