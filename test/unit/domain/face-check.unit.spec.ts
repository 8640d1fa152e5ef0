// The Face Check's pure rules: the threshold is checked by TAP Desk too, a credential of someone else never counts,
// the service's errors become declined / failed (below the threshold: no score), and the transitions on a request.
import assert from 'node:assert/strict';
import { decideFaceCheck, faceCheckAfter, faceCheckCounts, isThreshold, type FaceCheckResult } from '../../../src/domain/face-check';
import type { FaceCheck, PendingRequest } from '../../../src/domain/request-types';
import { decide } from '../../../src/domain/request';

const megan = { id: 'm-1', displayName: 'Megan Bowen', userPrincipalName: 'meganb@contoso.example' };
const TICKET = { serviceRequestId: 'svc-1', keyHash: 'f'.repeat(64), expiresAt: '2026-01-01T10:05:00.000Z' };
const asked: Extract<FaceCheck, { state: 'asked' }> = {
  state: 'asked',
  askedBy: megan,
  askedAt: '2026-01-01T10:00:00.000Z',
  threshold: 80,
  ticket: TICKET,
};
const AT = '2026-01-01T10:02:00.000Z';
const TARGET = 'christiec@contoso.example';
const verified = (matchConfidence: number | null, credentialUpn: string | null = TARGET): FaceCheckResult => ({
  kind: 'verified',
  matchConfidence,
  credentialUpn,
});

function pending(faceCheck?: FaceCheck): PendingRequest {
  return {
    id: 'TAP-0042',
    status: 'pending',
    requester: megan,
    target: { id: 'c-1', displayName: 'Christie Cline', userPrincipalName: TARGET },
    reason: { code: 'lost-device', text: null },
    pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
    delivery: 'approver',
    createdAt: '2026-01-01T09:59:00.000Z',
    expiresAt: '2026-01-01T10:29:00.000Z',
    replacesLivePass: false,
    reminderSentAt: null,
    ...(faceCheck ? { faceCheck } : {}),
  };
}

describe('Face Check: what one answer of Verified ID means', () => {
  it('passes at or above the threshold, with the score', () => {
    const at = faceCheckAfter(asked, verified(80), TARGET, AT);
    assert.equal(at.state, 'passed');
    assert.equal(at.state === 'passed' && at.matchConfidence, 80);
    assert.ok(faceCheckCounts(at));
    assert.equal(faceCheckAfter(asked, verified(99.2), TARGET, AT).state, 'passed');
  });

  it('below the threshold does not count, even when the service called it verified', () => {
    const at = faceCheckAfter(asked, verified(79.99), TARGET, AT);
    assert.equal(at.state, 'below-threshold');
    assert.equal(at.state === 'below-threshold' && at.matchConfidence, 79.99);
    assert.equal(faceCheckCounts(at), false);
  });

  it("someone else's credential never counts, whatever the score", () => {
    const other = faceCheckAfter(asked, verified(99, 'alexw@contoso.example'), TARGET, AT);
    assert.equal(other.state, 'failed');
    assert.equal(other.state === 'failed' && other.code, 'not-target');
    assert.equal(faceCheckCounts(other), false);
    assert.equal(faceCheckAfter(asked, verified(99, null), TARGET, AT).state, 'failed', 'no revocationId claim');
  });

  it('the UPN comparison ignores case only', () => {
    assert.equal(faceCheckAfter(asked, verified(90, 'ChristieC@Contoso.Example'), TARGET, AT).state, 'passed');
    assert.equal(faceCheckAfter(asked, verified(90, 'christiec@contoso.example.evil'), TARGET, AT).state, 'failed');
  });

  it('an unreadable directory or a missing or impossible score fails closed', () => {
    const unreadable = faceCheckAfter(asked, verified(95), null, AT);
    assert.equal(unreadable.state === 'failed' && unreadable.code, 'unreadable');
    for (const score of [null, Number.NaN, -1, 101]) {
      const at = faceCheckAfter(asked, verified(score), TARGET, AT);
      assert.equal(at.state === 'failed' && at.code, 'no-score', String(score));
    }
  });

  it("the service's threshold refusal is shown as below the threshold, without a score", () => {
    const error: FaceCheckResult = {
      kind: 'error',
      code: 'claimValidationError',
      message: 'Match confidence score failing to meet the threshold.',
    };
    const at = faceCheckAfter(asked, error, TARGET, AT);
    assert.equal(at.state, 'failed');
    assert.equal(at.state === 'failed' && at.code, 'below-threshold');
    assert.equal(faceCheckCounts(at), false);
  });

  it('a refusal in Authenticator is declined; any other error failed with its reason', () => {
    const declined = faceCheckAfter(asked, { kind: 'error', code: 'userCanceled', message: 'The user declined.' }, TARGET, AT);
    assert.equal(declined.state, 'declined');
    const failed = faceCheckAfter(asked, { kind: 'error', code: 'badOrMissingField', message: 'x'.repeat(500) }, TARGET, AT);
    assert.equal(failed.state, 'failed');
    assert.ok(failed.state === 'failed' && failed.why.length <= 200);
  });

  it('opening the request in Authenticator is only a hint', () => {
    const opened = faceCheckAfter(asked, { kind: 'opened' }, TARGET, AT);
    assert.equal(opened.state, 'asked');
    assert.equal(opened.state === 'asked' && opened.openedAt, AT);
  });

  it('thresholds are whole numbers from 50 to 100', () => {
    assert.deepEqual([49, 50, 70, 100, 101, 70.5, '70'].map(isThreshold), [false, true, true, true, false, false, false]);
  });
});

describe('Face Check: transitions on a pending request', () => {
  const now = new Date(AT);
  const result = (request: PendingRequest, r: FaceCheckResult, serviceRequestId = TICKET.serviceRequestId) =>
    decideFaceCheck(request, { type: 'face-check-result', serviceRequestId, result: r, targetUpn: TARGET }, now);

  it('asks, and asking again replaces an unanswered, declined or failed one, never a passed one', () => {
    const ask = { type: 'face-check-asked' as const, by: megan, threshold: 80, ticket: TICKET };
    const first = decideFaceCheck(pending(), ask, now);
    assert.ok(first.ok && first.value.faceCheck?.state === 'asked');
    const again = decideFaceCheck(pending(asked), { ...ask, ticket: { ...TICKET, serviceRequestId: 'svc-2' } }, now);
    assert.ok(again.ok && again.value.faceCheck?.state === 'asked' && again.value.faceCheck.ticket?.serviceRequestId === 'svc-2');
    const declined = faceCheckAfter(asked, { kind: 'error', code: 'userCanceled', message: 'declined' }, TARGET, AT);
    assert.ok(decideFaceCheck(pending(declined), ask, now).ok);
    const passed = faceCheckAfter(asked, verified(90), TARGET, AT);
    const refused = decideFaceCheck(pending(passed), ask, now);
    assert.ok(!refused.ok && refused.error.code === 'face-check.already-passed');
    const badThreshold = decideFaceCheck(pending(), { ...ask, threshold: 40 }, now);
    assert.ok(!badThreshold.ok && badThreshold.error.code === 'request.invalid');
  });

  it('an answer for another (replaced) service request, or a second answer, changes nothing', () => {
    const stale = result(pending(asked), verified(99), 'svc-old');
    assert.ok(!stale.ok && stale.error.code === 'face-check.not-asked');
    assert.ok(!result(pending(), verified(99)).ok, 'nothing asked');
    const passed = result(pending(asked), verified(90));
    assert.ok(passed.ok && passed.value.faceCheck?.state === 'passed');
    const second = result(passed.value as PendingRequest, verified(50));
    assert.ok(!second.ok && second.error.code === 'face-check.already-answered');
  });

  it('the link not sent is recorded on the asked check only', () => {
    const unsent = decideFaceCheck(pending(asked), { type: 'face-check-unsent', serviceRequestId: 'svc-1' }, now);
    assert.ok(unsent.ok && unsent.value.faceCheck?.state === 'asked' && unsent.value.faceCheck.sentToChat === false);
    assert.ok(!decideFaceCheck(pending(asked), { type: 'face-check-unsent', serviceRequestId: 'svc-9' }, now).ok);
  });

  it('only while the request waits for a decision (decide refuses it elsewhere)', () => {
    const cancelled = decide(pending(asked), { type: 'cancel', by: megan }, now);
    assert.ok(cancelled.ok);
    const late = decide(
      cancelled.value,
      { type: 'face-check-result', serviceRequestId: 'svc-1', result: verified(99), targetUpn: TARGET },
      now,
    );
    assert.ok(!late.ok && late.error.code === 'request.not-pending');
  });
});
