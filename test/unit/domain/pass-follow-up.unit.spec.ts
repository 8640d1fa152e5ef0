// Once its job is done, the pass goes: which method counts as "set up since the pass", what Graph says
// of the pass, and the follow-up's transitions (claimed once, claimed again only when stale, removed
// only by the person the pass is for).
import assert from 'node:assert/strict';
import type { IssuedRequest, PersonRef } from '../../../src/domain/request-types';
import type { MethodFact, TapFact } from '../../../src/domain/facts';
import { FOLLOW_UP_RECLAIM_MS, decideFollowUp, methodRegisteredAfter, passSeen } from '../../../src/domain/pass-follow-up';

const T0 = new Date('2025-06-02T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const alex: PersonRef = { id: 'a1', userPrincipalName: 'alexw@contoso.com', displayName: 'Alex Wilber' };
const megan: PersonRef = { id: 'm1', userPrincipalName: 'meganb@contoso.com', displayName: 'Megan Bowen' };

const issued: IssuedRequest = {
  id: 'TAP-0001',
  requester: alex,
  target: alex,
  reason: { code: 'lost-device', text: null },
  pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
  delivery: 'approver',
  createdAt: at(-60_000).toISOString(),
  expiresAt: at(3_600_000).toISOString(),
  replacesLivePass: false,
  reminderSentAt: null,
  status: 'issued',
  approval: {
    by: megan,
    at: T0.toISOString(),
    verification: 'call-back',
    verificationNote: null,
    authority: { roleTemplateId: 'r', scope: { kind: 'tenant' } },
  },
  issued: {
    id: 'P1',
    createdDateTime: T0.toISOString(),
    startDateTime: T0.toISOString(),
    lifetimeInMinutes: 60,
    isUsableOnce: true,
    expiresAt: at(3_600_000).toISOString(),
  },
  shownTo: megan,
  shownAt: T0.toISOString(),
  handoverDueAt: null,
  handedOverAt: T0.toISOString(),
};

const method = (kind: MethodFact['kind'], createdDateTime: string | null, id = kind): MethodFact => ({
  kind,
  id,
  displayName: null,
  createdDateTime,
});
const tap = (over: Partial<TapFact> = {}): TapFact => ({
  id: 'P1',
  createdDateTime: T0.toISOString(),
  startDateTime: T0.toISOString(),
  lifetimeInMinutes: 60,
  isUsableOnce: true,
  isUsable: true,
  methodUsabilityReason: 'EnabledByPolicy',
  ...over,
});
const PASSKEY = { kind: 'fido2', displayName: null, registeredAt: at(60_000).toISOString() };

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

describe('pass follow-up: which method counts', () => {
  it('the earliest method registered at or after the pass started; not the password, not the pass, not one without a date', () => {
    const methods = [
      method('microsoftAuthenticator', at(-86_400_000).toISOString()),
      method('password', at(30_000).toISOString()),
      method('temporaryAccessPass', T0.toISOString()),
      method('phone', null),
      method('windowsHelloForBusiness', at(120_000).toISOString()),
      method('fido2', at(60_000).toISOString()),
    ];
    assert.equal(methodRegisteredAfter(issued, methods)?.kind, 'fido2');
    assert.equal(methodRegisteredAfter(issued, methods.slice(0, 4)), null);
  });

  it('a pass that starts later counts from its start', () => {
    const later = { ...issued, issued: { ...issued.issued, startDateTime: at(600_000).toISOString() } };
    assert.equal(methodRegisteredAfter(later, [method('fido2', at(60_000).toISOString())]), null);
  });

  it("Graph on the pass: this request's pass or not, used (OneTimeUsed on v1.0, lastUsedDateTime on beta)", () => {
    assert.deepEqual(passSeen(issued, null), { present: false, used: false, usedAt: null });
    assert.deepEqual(passSeen(issued, tap({ id: 'OTHER' })), { present: false, used: false, usedAt: null });
    assert.deepEqual(passSeen(issued, tap()), { present: true, used: false, usedAt: null });
    assert.deepEqual(passSeen(issued, tap({ methodUsabilityReason: 'OneTimeUsed', isUsable: false })), {
      present: true,
      used: true,
      usedAt: null,
    });
    assert.deepEqual(passSeen(issued, tap({ lastUsedDateTime: at(50_000).toISOString() })), {
      present: true,
      used: true,
      usedAt: at(50_000).toISOString(),
    });
  });
});

describe('pass follow-up: transitions', () => {
  const found = { type: 'follow-up' as const, method: PASSKEY, used: true, usedAt: null, present: true };

  it('claimed once; claimed again only once the claim went stale without a notice', () => {
    const claimed = value(decideFollowUp(issued, found, at(70_000))) as IssuedRequest;
    const offeredAt = at(70_000).toISOString();
    assert.deepEqual(claimed.followUp, {
      method: PASSKEY,
      passUsed: true,
      passUsedAt: null,
      offeredAt,
      notifiedAt: null,
      removedAt: null,
      removedBy: null,
    });
    const fresh = decideFollowUp(claimed, found, at(70_000 + FOLLOW_UP_RECLAIM_MS - 1));
    assert.ok(!fresh.ok && fresh.error.code === 'follow-up.already-offered');
    const stale = value(decideFollowUp(claimed, found, at(70_000 + FOLLOW_UP_RECLAIM_MS))) as IssuedRequest;
    assert.equal(stale.followUp?.offeredAt, at(70_000 + FOLLOW_UP_RECLAIM_MS).toISOString());
    const sent = value(decideFollowUp(claimed, { type: 'follow-up-sent' }, at(71_000))) as IssuedRequest;
    assert.equal(sent.followUp?.notifiedAt, at(71_000).toISOString());
    const after = decideFollowUp(sent, found, at(10_000_000));
    assert.ok(!after.ok, 'a sent offer is never sent again');
    assert.ok(!decideFollowUp(sent, { type: 'follow-up-sent' }, at(72_000)).ok);
  });

  it('a pass already gone: recorded as removed by nobody, and no offer to send', () => {
    const gone = value(decideFollowUp(issued, { ...found, present: false }, at(70_000))) as IssuedRequest;
    const when = at(70_000).toISOString();
    assert.deepEqual([gone.followUp?.removedAt, gone.followUp?.removedBy, gone.followUp?.notifiedAt], [when, null, when]);
  });

  it('removed only by the person the pass is for, once, and only after an offer', () => {
    assert.equal(
      (decideFollowUp(issued, { type: 'pass-removed', by: alex }, at(1)) as { error: { code: string } }).error.code,
      'follow-up.not-offered',
    );
    const claimed = value(decideFollowUp(issued, found, at(70_000)));
    assert.equal(
      (decideFollowUp(claimed, { type: 'pass-removed', by: megan }, at(80_000)) as { error: { code: string } }).error.code,
      'follow-up.not-holder',
    );
    const removed = value(decideFollowUp(claimed, { type: 'pass-removed', by: alex }, at(80_000))) as IssuedRequest;
    assert.deepEqual([removed.followUp?.removedAt, removed.followUp?.removedBy], [at(80_000).toISOString(), alex]);
    const twice = decideFollowUp(removed, { type: 'pass-removed', by: alex }, at(90_000));
    assert.ok(!twice.ok && twice.error.code === 'follow-up.already-removed');
  });

  it('never on a request that is not issued', () => {
    const pending = { ...issued, status: 'pending' } as unknown as IssuedRequest;
    const refused = decideFollowUp(pending, found, at(1));
    assert.ok(!refused.ok && refused.error.code === 'request.not-pending');
  });
});
