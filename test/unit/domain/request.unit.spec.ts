// The life of a request: which command applies in which state (a generated table), time boundaries,
// retry, the approval record, and that no input is ever changed.
import assert from 'node:assert/strict';
import type { IssuedPass, PassDelivery, PersonRef, RequestStatus, TapRequest } from '../../../src/domain/request-types';
import { REQUEST_STATUSES } from '../../../src/domain/request-types';
import { Roles } from '../../../src/domain/facts';
import {
  COMMAND_TYPES,
  type Command,
  type CommandType,
  type FileCommand,
  HANDOVER_MINUTES,
  LEGAL_FROM,
  awaitingHandover,
  decide,
  expiresAtFor,
  isFinal,
  isLive,
  mayChange,
  reminderDueAt,
} from '../../../src/domain/request';
import type { Result } from '../../../src/domain/errors';
import { issuerFactsFor, loadSeed, personFor, policyFor, targetFactsFor } from '../../support/seed-facts';

const seed = loadSeed();
const T0 = new Date('2025-06-02T10:00:00Z');
const TTL = 30;
const at = (minutes: number, ms = 0) => new Date(T0.getTime() + minutes * 60_000 + ms);
const EXPIRES = at(TTL);
const HALF = at(TTL / 2);

const alex = personFor(seed, 'alexw');
const adele = personFor(seed, 'adelev');
const lee = personFor(seed, 'leeg');
const megan = personFor(seed, 'meganb');
const stranger = personFor(seed, 'debrab');
const POLICY = policyFor(seed);
const PASS: IssuedPass = {
  id: 'tap-1',
  createdDateTime: at(10).toISOString(),
  startDateTime: at(10).toISOString(),
  lifetimeInMinutes: 60,
  isUsableOnce: true,
  expiresAt: at(70).toISOString(),
};

function value(result: Result<TapRequest>): TapRequest {
  if (!result.ok) assert.fail(`expected a request, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function fileCommand(target: PersonRef = alex, requester: PersonRef = alex, delivery: PassDelivery = 'approver'): FileCommand {
  return {
    type: 'file',
    id: 'TAP-0042',
    requester,
    target,
    reason: { code: 'lost-device', text: null },
    pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
    delivery,
    ttlMinutes: TTL,
    replacesLivePass: false,
  };
}

function approveCommand(by: PersonRef = adele, targetUpn = 'alexw', now = at(10)): Command {
  return {
    type: 'approve',
    approver: by,
    verification: 'call-back',
    verificationNote: null,
    issuer: issuerFactsFor(seed, by.id, now),
    targetFacts: targetFactsFor(seed, targetUpn, now),
    policy: POLICY,
    options: { refuseHighRisk: true },
  };
}

const denyCommand = (by: PersonRef = adele, reason = 'Could not verify the caller'): Command => ({
  type: 'deny',
  approver: by,
  reason,
  issuer: issuerFactsFor(seed, by.id, at(10)),
  targetFacts: targetFactsFor(seed, 'alexw', at(10)),
});

const filed = (delivery: PassDelivery = 'approver') => value(decide(null, fileCommand(alex, alex, delivery), T0));
const issuing = () => value(decide(filed(), approveCommand(), at(10)));

/** One real request in each state, reached through decide() itself. */
function inState(status: RequestStatus): TapRequest {
  switch (status) {
    case 'pending':
      // Its target's manager asked, so the manager's commands apply too.
      return {
        ...filed(),
        managerCheck: { state: 'asked', manager: lee, askedAt: T0.toISOString() },
        faceCheck: { state: 'asked', askedBy: adele, askedAt: T0.toISOString(), threshold: 70, ticket: TICKET },
      };
    case 'approved':
      return value(decide(filed('requester'), approveCommand(), at(10)));
    case 'issuing':
      return issuing();
    case 'issued':
      // With a follow-up offer claimed but not yet sent, so every follow-up command applies (pass-follow-up.ts).
      return value(
        decide(
          value(decide(issuing(), { type: 'issued', pass: PASS, shownTo: adele }, at(10))),
          sample('follow-up').command,
          at(10, 40_000),
        ),
      );
    case 'denied':
      return value(decide(filed(), denyCommand(), at(10)));
    case 'expired':
      return value(decide(filed(), { type: 'expire' }, EXPIRES));
    case 'cancelled':
      return value(decide(filed(), { type: 'cancel', by: alex }, at(5)));
    case 'failed':
      return value(decide(issuing(), { type: 'issue-failed', code: 'graph.unavailable', retryable: true }, at(10)));
    case 'unknown':
      return value(decide(issuing(), { type: 'issue-ambiguous' }, at(10)));
  }
}

/** Each command as its rightful actor would send it, at a moment its time rule allows. */
function sample(type: CommandType): { command: Command; now: Date } {
  switch (type) {
    case 'file':
      return { command: fileCommand(), now: at(10) };
    case 'approve':
      return { command: approveCommand(), now: at(10) };
    case 'deny':
      return { command: denyCommand(), now: at(10) };
    case 'reveal':
      return { command: { type: 'reveal', by: alex }, now: at(10) };
    case 'issued':
      return { command: { type: 'issued', pass: PASS, shownTo: adele }, now: at(10) };
    case 'issue-failed':
      return { command: { type: 'issue-failed', code: 'graph.unavailable', retryable: true }, now: at(10) };
    case 'issue-ambiguous':
      return { command: { type: 'issue-ambiguous' }, now: at(10) };
    case 'cancel':
      return { command: { type: 'cancel', by: alex }, now: at(10) };
    case 'expire':
      return { command: { type: 'expire' }, now: EXPIRES };
    case 'remind':
      return { command: { type: 'remind' }, now: HALF };
    case 'issue-refused':
      return { command: { type: 'issue-refused', code: 'graph.refused' }, now: at(10) };
    case 'hand-over':
      return { command: { type: 'hand-over', by: adele }, now: at(11) };
    case 'follow-up':
      return { command: { type: 'follow-up', method: PASSKEY, used: true, usedAt: null, present: true }, now: at(12) };
    case 'follow-up-sent':
      return { command: { type: 'follow-up-sent' }, now: at(11) };
    case 'pass-removed':
      return { command: { type: 'pass-removed', by: alex }, now: at(11) };
    case 'manager-answer':
      return { command: { type: 'manager-answer', by: lee, answer: 'confirmed', manager: { known: true, value: lee } }, now: at(5) };
    case 'manager-unreachable':
      return { command: { type: 'manager-unreachable' }, now: at(1) };
    case 'face-check-asked':
      return {
        command: { type: 'face-check-asked', by: adele, threshold: 80, ticket: { ...TICKET, serviceRequestId: 'svc-2' } },
        now: at(2),
      };
    case 'face-check-unsent':
      return { command: { type: 'face-check-unsent', serviceRequestId: TICKET.serviceRequestId }, now: at(2) };
    case 'face-check-result':
      return {
        command: {
          type: 'face-check-result',
          serviceRequestId: TICKET.serviceRequestId,
          result: { kind: 'verified', matchConfidence: 91.5, credentialUpn: 'ChristieC@contoso.example' },
          targetUpn: 'christiec@contoso.example',
        },
        now: at(3),
      };
  }
}

const TICKET = { serviceRequestId: 'svc-1', keyHash: 'a'.repeat(64), expiresAt: at(5).toISOString() };

const PASSKEY = { kind: 'fido2', displayName: 'YubiKey 5', registeredAt: at(10, 30_000).toISOString() };

// Which (state, command) pairs move the request, and to where. '·' = refused.
//                 file       approve    deny      reveal     issued    issue-failed issue-ambiguous cancel      expire     remind   issue-refused hand-over
//                 follow-up follow-up-sent pass-removed manager-answer manager-unreachable face-check-asked face-check-unsent face-check-result
const LEGAL: Record<RequestStatus | 'none', string[]> = {
  none: /*     */ ['pending', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
  pending: /*  */ [
    '·',
    'issuing',
    'denied',
    '·',
    '·',
    '·',
    '·',
    'cancelled',
    'expired',
    'pending',
    '·',
    '·',
    '·',
    '·',
    '·',
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
  ],
  approved: /* */ [
    '·',
    '·',
    'denied',
    'issuing',
    '·',
    '·',
    '·',
    'cancelled',
    'expired',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
  ],
  issuing: /*  */ [
    '·',
    '·',
    '·',
    '·',
    'issued',
    'failed',
    'unknown',
    '·',
    '·',
    '·',
    'pending',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
    '·',
  ],
  issued: /*   */ ['·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', 'issued', 'issued', 'issued', 'issued', '·', '·', '·', '·', '·'],
  denied: /*   */ ['·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
  expired: /*  */ ['·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
  cancelled: /**/ ['·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
  failed: /*   */ ['·', 'issuing', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
  unknown: /*  */ ['·', '·', '·', '·', 'issued', 'failed', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·', '·'],
};

describe('decide: every command in every state', () => {
  it('the table names every state and command, and agrees with LEGAL_FROM', () => {
    assert.deepEqual(Object.keys(LEGAL).slice(1), [...REQUEST_STATUSES]);
    for (const [status, row] of Object.entries(LEGAL)) {
      assert.equal(row.length, COMMAND_TYPES.length);
      row.forEach((cell, i) => {
        const from = LEGAL_FROM[COMMAND_TYPES[i]!];
        assert.equal(from.includes(status === 'none' ? null : (status as RequestStatus)), cell !== '·', `${status} × ${COMMAND_TYPES[i]}`);
      });
    }
  });

  for (const status of ['none', ...REQUEST_STATUSES] as const) {
    COMMAND_TYPES.forEach((type, i) => {
      const expected = LEGAL[status][i]!;
      it(`${status} × ${type} → ${expected === '·' ? 'refused' : expected}`, () => {
        const request = status === 'none' ? null : inState(status);
        const { command, now } = sample(type);
        const result = decide(request, command, now);
        if (expected !== '·') {
          assert.equal(value(result).status, expected);
          assert.notEqual(value(result), request);
          return;
        }
        assert.ok(!result.ok);
        if (request === null) assert.deepEqual(result.error, { code: 'request.not-found', params: { command: type } });
        else if (type === 'file') assert.deepEqual(result.error, { code: 'request.already-decided', params: { status } });
        else assert.deepEqual(result.error, { code: 'request.not-pending', params: { status, command: type } });
      });
    });
  }
});

describe('decide: file', () => {
  it('files a pending request that expires after its waiting time', () => {
    const request = filed();
    assert.deepEqual(request, {
      id: 'TAP-0042',
      requester: alex,
      target: alex,
      reason: { code: 'lost-device', text: null },
      pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
      delivery: 'approver',
      createdAt: T0.toISOString(),
      expiresAt: EXPIRES.toISOString(),
      replacesLivePass: false,
      reminderSentAt: null,
      status: 'pending',
    });
    assert.equal(expiresAtFor(T0, TTL), EXPIRES.toISOString());
  });

  it('reason "other" needs words; the waiting time must be positive', () => {
    const other = { ...fileCommand(), reason: { code: 'other' as const, text: '  ' } };
    assert.deepEqual(decide(null, other, T0), { ok: false, error: { code: 'request.reason-required', params: { field: 'reasonText' } } });
    assert.deepEqual(decide(null, { ...fileCommand(), ttlMinutes: 0 }, T0), {
      ok: false,
      error: { code: 'request.invalid', params: { field: 'ttlMinutes' } },
    });
  });
});

describe('decide: approve', () => {
  it('records who, when, how verified and on which authority; moves to issuing', () => {
    const result = value(
      decide(filed(), { ...approveCommand(), verification: 'other', verificationNote: '  badge photo  ' } as Command, at(10)),
    );
    assert.equal(result.status, 'issuing');
    if (result.status !== 'issuing') return;
    assert.equal(result.issuingSince, at(10).toISOString());
    assert.deepEqual(result.approval, {
      by: adele,
      at: at(10).toISOString(),
      verification: 'other',
      verificationNote: 'badge photo',
      authority: { roleTemplateId: Roles.privilegedAuthenticationAdministrator, scope: { kind: 'tenant' }, via: 'direct' },
      evidence: [],
    });
  });

  it('delivery to the requester: approved, waiting for the reveal', () => {
    assert.equal(value(decide(filed('requester'), approveCommand(), at(10))).status, 'approved');
  });

  it('up to the last millisecond before expiry, not at it', () => {
    assert.equal(value(decide(filed(), approveCommand(), at(TTL, -1))).status, 'issuing');
    assert.deepEqual(decide(filed(), approveCommand(), EXPIRES), {
      ok: false,
      error: { code: 'request.expired', params: { expiresAt: EXPIRES.toISOString() } },
    });
  });

  it('re-checks who may approve, live', () => {
    const forIsaiah = value(decide(null, fileCommand(personFor(seed, 'isaiahl'), personFor(seed, 'isaiahl')), T0));
    assert.equal(decide(forIsaiah, approveCommand(megan, 'isaiahl'), at(10)).ok, false);
    assert.equal(
      (decide(forIsaiah, approveCommand(megan, 'isaiahl'), at(10)) as { error: { code: string } }).error.code,
      'issuer.role-too-low',
    );
    assert.equal(value(decide(forIsaiah, approveCommand(adele, 'isaiahl'), at(10))).status, 'issuing');
  });

  it('the requester may not approve, nor the target', () => {
    const byMegan = value(decide(null, fileCommand(alex, megan), T0));
    assert.equal((decide(byMegan, approveCommand(megan), at(10)) as { error: { code: string } }).error.code, 'issuer.self-approval');
    const forAdele = value(decide(null, fileCommand(adele, megan), T0));
    assert.equal((decide(forAdele, approveCommand(adele, 'adelev'), at(10)) as { error: { code: string } }).error.code, 'issuer.is-target');
  });

  it('re-checks eligibility, live: the first refusal is the answer', () => {
    const forDiego = value(decide(null, fileCommand(personFor(seed, 'diegos'), megan), T0));
    assert.deepEqual(decide(forDiego, approveCommand(adele, 'diegos'), at(10)), { ok: false, error: { code: 'target.disabled' } });
  });

  it('a start time that passed while waiting does not void the approval', () => {
    const command = { ...fileCommand(), pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: at(1).toISOString() } };
    const request = value(decide(null, command, T0));
    assert.equal(value(decide(request, approveCommand(), at(20))).status, 'issuing');
  });

  it('a start that passed by approval is never sent: the pass starts on issue, for the lifetime asked, and says so', () => {
    const asked = at(5).toISOString();
    const request = value(
      decide(null, { ...fileCommand(), pass: { lifetimeInMinutes: 120, isUsableOnce: false, startDateTime: asked } }, T0),
    );
    const claimed = value(decide(request, approveCommand(), at(10)));
    assert.deepEqual(claimed.pass, { lifetimeInMinutes: 120, isUsableOnce: false, startDateTime: null, startMovedFrom: asked });
    // Under a minute away counts as passed (Graph may read it after); further ahead is kept as asked.
    const soon = value(
      decide(
        null,
        { ...fileCommand(), pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: at(10, 59_000).toISOString() } },
        T0,
      ),
    );
    assert.equal(value(decide(soon, approveCommand(), at(10))).pass.startDateTime, null);
    const later = at(10, 61_000).toISOString();
    const ahead = value(decide(null, { ...fileCommand(), pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: later } }, T0));
    assert.deepEqual(value(decide(ahead, approveCommand(), at(10))).pass, {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
      startDateTime: later,
    });
  });

  it('a pass that appeared since filing is recorded as replaced', () => {
    const lidia = personFor(seed, 'lidiah');
    const request = value(decide(null, fileCommand(lidia, lidia), T0));
    assert.equal(request.replacesLivePass, false);
    assert.equal(value(decide(request, approveCommand(adele, 'lidiah'), at(10))).replacesLivePass, true);
  });

  it('"other" verification needs a note', () => {
    const command = { ...approveCommand(), verification: 'other', verificationNote: ' ' } as Command;
    assert.deepEqual(decide(filed(), command, at(10)), {
      ok: false,
      error: { code: 'request.verification-required', params: { verification: 'other' } },
    });
  });

  it('facts of someone else are refused (fail closed)', () => {
    assert.deepEqual(decide(filed(), { ...approveCommand(), approver: lee } as Command, at(10)), {
      ok: false,
      error: { code: 'issuer.facts-mismatch' },
    });
    assert.deepEqual(decide(filed(), approveCommand(adele, 'gradya'), at(10)), { ok: false, error: { code: 'target.facts-mismatch' } });
  });
});

describe('decide: retry after a failure', () => {
  const failed = (retryable: boolean, delivery: PassDelivery = 'approver') => {
    const claimed = value(decide(filed(delivery), approveCommand(), at(10)));
    const toIssuing = claimed.status === 'approved' ? value(decide(claimed, { type: 'reveal', by: alex }, at(11))) : claimed;
    return value(decide(toIssuing, { type: 'issue-failed', code: 'graph.unavailable', retryable }, at(12)));
  };

  it('a retryable failure: approve again, by anyone allowed, with a fresh approval', () => {
    const retried = value(decide(failed(true), approveCommand(lee, 'alexw', at(15)), at(15)));
    assert.equal(retried.status, 'issuing');
    if (retried.status !== 'issuing') return;
    assert.equal(retried.approval.by.id, lee.id);
    assert.equal(retried.approval.authority.roleTemplateId, Roles.globalAdministrator);
    assert.equal('failure' in retried, false);
  });

  it('delivery to the requester: the retry waits for a new reveal', () => {
    assert.equal(value(decide(failed(true, 'requester'), approveCommand(), at(15))).status, 'approved');
  });

  it('not after a final failure, nor after the request expired', () => {
    assert.deepEqual(decide(failed(false), approveCommand(), at(15)), {
      ok: false,
      error: { code: 'request.not-pending', params: { status: 'failed', command: 'approve' } },
    });
    assert.equal((decide(failed(true), approveCommand(), EXPIRES) as { error: { code: string } }).error.code, 'request.expired');
  });
});

describe('decide: deny, reveal, cancel, issue', () => {
  it('deny needs a reason and the same authority as approve', () => {
    const denied = value(decide(filed(), denyCommand(adele, '  no call-back  '), at(10)));
    assert.equal(denied.status === 'denied' && denied.denial.reason, 'no call-back');
    assert.deepEqual(decide(filed(), denyCommand(adele, ' '), at(10)), {
      ok: false,
      error: { code: 'request.reason-required', params: { field: 'reason' } },
    });
    assert.deepEqual(decide(filed(), denyCommand(personFor(seed, 'alexw')), at(10)), { ok: false, error: { code: 'issuer.is-target' } });
    assert.equal(
      (decide(filed(), denyCommand(personFor(seed, 'benw')), at(10)) as { error: { code: string } }).error.code,
      'issuer.no-role',
    );
    assert.equal((decide(filed(), denyCommand(), EXPIRES) as { error: { code: string } }).error.code, 'request.expired');
  });

  it('reveal: only the requester, only before expiry', () => {
    const approved = inState('approved');
    assert.deepEqual(decide(approved, { type: 'reveal', by: adele }, at(11)), { ok: false, error: { code: 'reveal.not-requester' } });
    assert.equal((decide(approved, { type: 'reveal', by: alex }, EXPIRES) as { error: { code: string } }).error.code, 'request.expired');
    const revealed = value(decide(approved, { type: 'reveal', by: alex }, at(11)));
    assert.equal(revealed.status === 'issuing' && revealed.issuingSince, at(11).toISOString());
  });

  it('reveal: a start that passed while the approved pass waited starts on reveal instead', () => {
    const asked = at(10, 30_000).toISOString();
    const request = value(
      decide(
        null,
        { ...fileCommand(alex, alex, 'requester'), pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: asked } },
        T0,
      ),
    );
    const approved = value(decide(request, approveCommand(), at(8)));
    assert.equal(approved.pass.startDateTime, asked, 'still ahead at approval: kept until the reveal');
    const revealed = value(decide(approved, { type: 'reveal', by: alex }, at(20)));
    assert.deepEqual(revealed.pass, { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null, startMovedFrom: asked });
  });

  it('cancel: the requester or the target, nobody else', () => {
    const forChristie = value(decide(null, fileCommand(personFor(seed, 'christiec'), alex), T0));
    assert.equal(value(decide(forChristie, { type: 'cancel', by: alex }, at(5))).status, 'cancelled');
    assert.equal(value(decide(forChristie, { type: 'cancel', by: personFor(seed, 'christiec') }, at(5))).status, 'cancelled');
    assert.deepEqual(decide(forChristie, { type: 'cancel', by: stranger }, at(5)), {
      ok: false,
      error: { code: 'request.cancel-not-allowed' },
    });
  });

  it('issued: shown once to someone, or settled after a crash and shown to nobody', () => {
    const shown = value(decide(issuing(), { type: 'issued', pass: PASS, shownTo: adele }, at(10)));
    assert.equal(shown.status === 'issued' && shown.shownAt, at(10).toISOString());
    const settled = value(decide(inState('unknown'), { type: 'issued', pass: PASS, shownTo: null }, at(12)));
    assert.equal(settled.status === 'issued' && settled.shownAt, null);
  });

  it('an ambiguous create keeps the time the claim started', () => {
    const unknown = inState('unknown');
    assert.equal(unknown.status === 'unknown' && unknown.issuingSince, at(10).toISOString());
  });
});

describe('decide: time', () => {
  it('expire: not a millisecond early; records the moment it expired', () => {
    assert.deepEqual(decide(filed(), { type: 'expire' }, at(TTL, -1)), {
      ok: false,
      error: { code: 'request.not-expired', params: { expiresAt: EXPIRES.toISOString() } },
    });
    const expired = value(decide(filed(), { type: 'expire' }, at(TTL + 7)));
    assert.equal(expired.status === 'expired' && expired.expiredAt, EXPIRES.toISOString());
    assert.equal(value(decide(inState('approved'), { type: 'expire' }, EXPIRES)).status, 'expired');
  });

  it('remind: from half-time on, once, and not once expired', () => {
    const request = filed();
    assert.equal(reminderDueAt(request), HALF.toISOString());
    assert.deepEqual(decide(request, { type: 'remind' }, new Date(HALF.getTime() - 1)), {
      ok: false,
      error: { code: 'request.reminder-not-due', params: { dueAt: HALF.toISOString() } },
    });
    const reminded = value(decide(request, { type: 'remind' }, HALF));
    assert.equal(reminded.status, 'pending');
    assert.equal(reminded.reminderSentAt, HALF.toISOString());
    assert.deepEqual(decide(reminded, { type: 'remind' }, at(20)), {
      ok: false,
      error: { code: 'request.already-reminded', params: { reminderSentAt: HALF.toISOString() } },
    });
    assert.equal((decide(request, { type: 'remind' }, EXPIRES) as { error: { code: string } }).error.code, 'request.expired');
    // A reminded request can still be approved.
    assert.equal(value(decide(reminded, approveCommand(), at(20))).status, 'issuing');
  });

  it('an unreadable expiry counts as expired (fail closed)', () => {
    const broken = { ...filed(), expiresAt: 'garbage' };
    assert.equal((decide(broken, approveCommand(), at(1)) as { error: { code: string } }).error.code, 'request.expired');
  });
});

describe('decide: purity', () => {
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
  }

  it('never changes the request or the command, and returns a new object', () => {
    for (const status of REQUEST_STATUSES) {
      for (const type of COMMAND_TYPES) {
        const request = deepFreeze(inState(status));
        const { command, now } = sample(type);
        deepFreeze(command);
        const before = JSON.stringify([request, command]);
        const result = decide(request, command, now);
        assert.equal(JSON.stringify([request, command]), before, `${status} × ${type}`);
        if (result.ok) assert.notEqual(result.value, request);
      }
    }
  });

  it('the same inputs give the same answer', () => {
    const request = filed();
    assert.deepEqual(decide(request, approveCommand(), at(10)), decide(request, approveCommand(), at(10)));
  });

  it('no state-specific field leaks into the next state', () => {
    const retried = value(decide(inState('failed'), approveCommand(), at(15)));
    assert.deepEqual(Object.keys(retried).sort(), [...Object.keys(filed()), 'approval', 'issuingSince'].sort());
  });

  it('isFinal / isLive', () => {
    const final = REQUEST_STATUSES.filter((s) => isFinal(inState(s)));
    assert.deepEqual(final, ['issued', 'denied', 'expired', 'cancelled', 'failed']);
    assert.deepEqual(
      REQUEST_STATUSES.filter((s) => isLive(inState(s))),
      ['pending', 'approved', 'issuing', 'unknown'],
    );
  });

  it('mayChange: live requests, retryable failures and passes waiting for their hand-over; nothing else', () => {
    assert.deepEqual(
      REQUEST_STATUSES.filter((s) => mayChange(inState(s))),
      ['pending', 'approved', 'issuing', 'issued', 'failed', 'unknown'],
    );
    const handedOver = value(decide(inState('issued'), { type: 'hand-over', by: adele }, at(11)));
    assert.equal(mayChange(handedOver), false, 'handed over: final');
    assert.equal(
      mayChange(value(decide(issuing(), { type: 'issued', pass: PASS, shownTo: null }, at(10)))),
      false,
      'settled, shown to nobody: final',
    );
    const hopeless = value(decide(issuing(), { type: 'issue-failed', code: 'graph.permission', retryable: false }, at(10)));
    assert.equal(mayChange(hopeless), false, 'a failure no approval can retry');
    // The claim behind it: no command moves a request mayChange calls final, but the notes of an issued
    // pass's follow-up (the pass may be live after its hand-over: Graph decides, pass-follow-up.ts).
    for (const final of [handedOver, hopeless, inState('denied'), inState('expired'), inState('cancelled')]) {
      for (const type of COMMAND_TYPES.filter(
        (t) => final.status !== 'issued' || !['follow-up', 'follow-up-sent', 'pass-removed'].includes(t),
      )) {
        const { command, now } = sample(type);
        assert.equal(decide(final, command, now).ok, false, `${type} moved a ${final.status} request`);
      }
    }
  });
});

describe('the hand-over of an issued pass', () => {
  const shown = () => inState('issued');

  it('a pass shown to someone waits for its hand-over, due a few minutes later', () => {
    const issued = shown();
    assert.ok(awaitingHandover(issued));
    assert.equal(issued.status === 'issued' && issued.handoverDueAt, at(10 + HANDOVER_MINUTES).toISOString());
  });

  it('a pass nobody saw (settled after a crash) has no hand-over', () => {
    const settled = value(decide(issuing(), { type: 'issued', pass: PASS, shownTo: null }, at(10)));
    assert.equal(awaitingHandover(settled), false);
  });

  it('only the holder hands it over, once', () => {
    const refused = decide(shown(), { type: 'hand-over', by: megan }, at(11));
    assert.ok(!refused.ok && refused.error.code === 'handover.not-holder');
    const done = value(decide(shown(), { type: 'hand-over', by: adele }, at(11)));
    assert.equal(awaitingHandover(done), false);
    assert.equal(done.status === 'issued' && done.handedOverAt, at(11).toISOString());
    const again = decide(done, { type: 'hand-over', by: adele }, at(12));
    assert.ok(!again.ok && again.error.code === 'request.already-handed-over');
  });

  it('the sweeper hands it over only once its time is up', () => {
    const early = decide(shown(), { type: 'hand-over', by: null }, at(10 + HANDOVER_MINUTES - 1));
    assert.ok(!early.ok && early.error.code === 'handover.not-due');
    assert.equal(awaitingHandover(value(decide(shown(), { type: 'hand-over', by: null }, at(10 + HANDOVER_MINUTES)))), false);
  });

  it('a request stored before hand-overs existed counts as handed over', () => {
    const { handoverDueAt: _due, handedOverAt: _at, ...legacy } = shown() as TapRequest & { handoverDueAt: unknown; handedOverAt: unknown };
    assert.equal(awaitingHandover(legacy as TapRequest), false);
  });
});
