// The life of a request: decide(request, command, now) → the next state, or a coded error.
// Pure: time and ids come in as arguments; every transition returns a new object.
import type { IssuerFacts, TapPolicyFacts, TargetFacts } from './facts';
import type {
  Approval,
  IssuedPass,
  PassDelivery,
  PassSpec,
  PersonRef,
  RequestReason,
  TapRequest,
  VerificationMethod,
} from './request-types';
import { type Result, fail, ok } from './errors';
import { canIssue } from './issuer-rules';
import { checkEligibility } from './eligibility';

export type Command =
  | {
      type: 'file';
      id: string;
      requester: PersonRef;
      target: PersonRef;
      reason: RequestReason;
      pass: PassSpec;
      delivery: PassDelivery;
      ttlMinutes: number;
      replacesLivePass: boolean;
    }
  | {
      type: 'approve';
      approver: PersonRef;
      verification: VerificationMethod;
      verificationNote: string | null;
      issuer: IssuerFacts;
      targetFacts: TargetFacts;
      policy: TapPolicyFacts;
      options: { refuseHighRisk: boolean };
    }
  | { type: 'deny'; approver: PersonRef; reason: string; issuer: IssuerFacts; targetFacts: TargetFacts }
  | { type: 'reveal'; by: PersonRef }
  | { type: 'issued'; pass: IssuedPass; shownTo: PersonRef | null }
  | { type: 'issue-failed'; code: string; retryable: boolean }
  | { type: 'issue-ambiguous' }
  | { type: 'cancel'; by: PersonRef }
  | { type: 'expire' }
  | { type: 'remind' };

const iso = (now: Date) => now.toISOString();
const expired = (request: TapRequest, now: Date) => now.getTime() >= Date.parse(request.expiresAt);
const notPending = (request: TapRequest) => fail<TapRequest>('request.not-pending', { status: request.status });

export function isFinal(request: TapRequest): boolean {
  return ['issued', 'denied', 'expired', 'cancelled', 'failed'].includes(request.status);
}

function approve(request: TapRequest, command: Extract<Command, { type: 'approve' }>, now: Date): Result<TapRequest> {
  const retry = request.status === 'failed' && request.failure.retryable && request.approval !== null;
  if (request.status !== 'pending' && !retry) return notPending(request);
  if (request.status === 'pending' && expired(request, now)) return fail('request.expired');
  const authority = canIssue(command.issuer, command.targetFacts, request.requester.id);
  if (!authority.ok) return authority;
  const eligibility = checkEligibility(command.targetFacts, command.policy, request.pass, now, command.options);
  const refusal = eligibility.refusals[0];
  if (refusal) return { ok: false, error: refusal };
  const approval: Approval = {
    by: command.approver,
    at: iso(now),
    verification: command.verification,
    verificationNote: command.verificationNote,
    authority: authority.value,
  };
  const common = stripState(request as unknown as Record<string, unknown>);
  if (request.delivery === 'requester' && !retry) return ok({ ...common, status: 'approved', approval });
  return ok({ ...common, status: 'issuing', approval, issuingSince: iso(now) });
}

/** The fields every state shares, without the state-specific ones. */
function stripState(request: Record<string, unknown>): Omit<TapRequest, 'status'> & Record<string, never> {
  const {
    status: _s,
    approval: _a,
    issuingSince: _i,
    issued: _d,
    shownTo: _t,
    shownAt: _at,
    denial: _n,
    expiredAt: _e,
    cancelledBy: _c,
    cancelledAt: _ca,
    failure: _f,
    ...common
  } = request;
  return common as Omit<TapRequest, 'status'> & Record<string, never>;
}

export function decide(request: TapRequest | null, command: Command, now: Date): Result<TapRequest> {
  if (command.type === 'file') {
    if (request !== null) return fail('request.already-decided');
    return ok({
      id: command.id,
      requester: command.requester,
      target: command.target,
      reason: command.reason,
      pass: command.pass,
      delivery: command.delivery,
      createdAt: iso(now),
      expiresAt: new Date(now.getTime() + command.ttlMinutes * 60_000).toISOString(),
      replacesLivePass: command.replacesLivePass,
      reminderSentAt: null,
      status: 'pending',
    });
  }
  if (request === null) return fail('request.not-pending', { status: 'none' });
  const common = stripState(request as unknown as Record<string, unknown>);

  switch (command.type) {
    case 'approve':
      return approve(request, command, now);

    case 'deny': {
      if (request.status !== 'pending' && request.status !== 'approved') return notPending(request);
      if (!command.reason.trim()) return fail('request.reason-required');
      const authority = canIssue(command.issuer, command.targetFacts, request.requester.id);
      if (!authority.ok) return authority;
      return ok({ ...common, status: 'denied', denial: { by: command.approver, at: iso(now), reason: command.reason.trim() } });
    }

    case 'reveal':
      if (request.status !== 'approved') return notPending(request);
      if (command.by.id !== request.requester.id) return fail('reveal.not-requester');
      if (expired(request, now)) return fail('request.expired');
      return ok({ ...common, status: 'issuing', approval: request.approval, issuingSince: iso(now) });

    case 'issued':
      if (request.status !== 'issuing' && request.status !== 'unknown') return notPending(request);
      return ok({
        ...common,
        status: 'issued',
        approval: request.approval,
        issued: command.pass,
        shownTo: command.shownTo,
        shownAt: command.shownTo ? iso(now) : null,
      });

    case 'issue-failed':
      if (request.status !== 'issuing' && request.status !== 'unknown') return notPending(request);
      return ok({ ...common, status: 'failed', approval: request.approval, failure: { code: command.code, at: iso(now), retryable: command.retryable } });

    case 'issue-ambiguous':
      if (request.status !== 'issuing') return notPending(request);
      return ok({ ...common, status: 'unknown', approval: request.approval, issuingSince: request.issuingSince });

    case 'cancel':
      if (request.status !== 'pending' && request.status !== 'approved') return notPending(request);
      if (command.by.id !== request.requester.id && command.by.id !== request.target.id) return fail('request.cancel-not-allowed');
      return ok({ ...common, status: 'cancelled', cancelledBy: command.by, cancelledAt: iso(now) });

    case 'expire':
      if (request.status !== 'pending' && request.status !== 'approved') return notPending(request);
      if (!expired(request, now)) return fail('request.not-pending', { status: request.status });
      return ok({ ...common, status: 'expired', expiredAt: iso(now) });

    case 'remind': {
      if (request.status !== 'pending') return notPending(request);
      const halfway = (Date.parse(request.createdAt) + Date.parse(request.expiresAt)) / 2;
      if (request.reminderSentAt !== null || now.getTime() < halfway) return fail('request.not-pending', { status: request.status });
      return ok({ ...request, reminderSentAt: iso(now) });
    }

    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
