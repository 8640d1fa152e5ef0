// Approve, deny, reveal, cancel. Each reloads the request from the store (never from the card),
// re-checks live Graph facts, and moves the request with one compare-and-swap: of two approvers
// clicking at once on two instances, exactly one wins and the other is shown the outcome.
import type { PersonRef, TapRequest, VerificationMethod, IssuingRequest } from '../../domain/request-types';
import { type RequestView, viewOf } from '../kernel/request-view';
import { type Command, isApprovable, passUnderWayFor } from '../../domain/request';
import type { ApproverWriter, Versioned } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import { metrics } from '../../telemetry/metrics';
import { type UseCaseDeps, faceCheckOffered } from '../kernel/deps';
import { afterCreateStarts, type BeforeShown, issuePass, type IssueOutcome } from './issue';
import { personOf } from '../kernel/shared';
import { writeDecision } from '../kernel/write';
import { auditRequest } from '../kernel/audit';
import { type Actor, actingPerson } from '../kernel/actor';
import { dropTokenIfNoIssuingRole } from '../sign-in/held-approver-token';

export type DecisionOutcome =
  | IssueOutcome
  /** Approved; the requester reveals the pass later (PASS_DELIVERY=requester). */
  | { kind: 'approved'; request: RequestView }
  | { kind: 'denied'; request: RequestView }
  | { kind: 'cancelled'; request: RequestView }
  /** The pass holder said they are done: every copy of the cards now says "Issued". */
  | { kind: 'handed-over'; request: RequestView }
  /** Nothing changed: the rules refused this person or this moment. */
  | { kind: 'refused'; request: RequestView | null; problem: Problem }
  /** Nothing changed: the request had already moved on (replay, double click, the other approver). */
  | { kind: 'unchanged'; request: RequestView };

/** Approve's and Reveal's outcomes: also "in progress", when the clicker's own pass is under way or on their screen. */
export type ApproveOutcome = DecisionOutcome | { kind: 'in-progress'; request: RequestView | null };

/** The sign-in that came with the click (ApproveInput.signingIn) failed: nothing was written; the problem is the exchange's. */
export type SignInFailed = { kind: 'sign-in-failed'; problem: Problem };

export interface ApproveInput {
  requestId: string;
  actorId: string;
  verification: VerificationMethod;
  verificationNote: string | null;
  /** PASS_ISSUANCE=delegated: the approver's own Graph writes (Teams SSO + on-behalf-of). */
  asApprover?: ApproverWriter | null;
  /**
   * Delegated, first approval: the on-behalf-of exchange of the SSO token sent with this click, still under way. It
   * runs beside the row and facts reads and is awaited before anything is written; asApprover is then the writer it made.
   */
  signingIn?: Promise<{ ok: true; asApprover: ApproverWriter } | { ok: false; problem: Problem }>;
  /** What the caller must have done before the pass is shown (issuePass runs it beside the create). */
  beforeShown?: BeforeShown;
}

async function load(deps: UseCaseDeps, requestId: string): Promise<Versioned<TapRequest> | null> {
  const loaded = await deps.stores.requests.get(requestId);
  if (loaded) deps.requestTargets.remember(loaded.value);
  return loaded;
}

/** A request past its expiry is recorded as expired (once, by whoever gets there first). */
export async function expireIfDue(deps: UseCaseDeps, current: Versioned<TapRequest>): Promise<TapRequest | null> {
  const { value } = current;
  if ((value.status !== 'pending' && value.status !== 'approved') || deps.clock.now().getTime() < new Date(value.expiresAt).getTime())
    return null;
  const expired = await writeDecision(deps, current, { type: 'expire' });
  if (expired.ok) {
    await auditRequest(deps, expired.stored.value, 'request.expired', null, 'ok');
    await deps.notifier.requestChanged(viewOf(expired.stored.value), 'expired').catch(() => undefined);
    return expired.stored.value;
  }
  return expired.current;
}

export async function approve(deps: UseCaseDeps, input: ApproveInput): Promise<ApproveOutcome | SignInFailed> {
  const delegated = deps.config.passIssuance === 'delegated';
  // Delegated mode never falls back to the app's own rights (it should hold no TAP write permission anyway).
  let asApprover = delegated ? (input.asApprover ?? null) : null;
  const signingIn = delegated ? (input.signingIn ?? null) : null;
  signingIn?.catch(() => undefined); // awaited below on every path; this only keeps a rejection from going unhandled first
  const signedIn = !delegated || signingIn !== null || (asApprover !== null && asApprover.approverId === input.actorId.toLowerCase());
  // The facts of the target this instance knows the request is for, asked beside the read (request-targets).
  const guess = signedIn ? deps.requestTargets.known(input.requestId) : null;
  const early = guess ? deps.directory.decisionFacts({ targetId: guess, actorId: input.actorId }) : null;
  early?.catch(() => undefined); // awaited below when used; a click that stops early leaves it unread
  const current = await load(deps, input.requestId);
  // A sign-in that failed is answered as such whatever the row says, as when the exchange ran before the click did.
  const signInFailed = async (): Promise<SignInFailed | null> => {
    const step = await signingIn;
    return step && !step.ok ? { kind: 'sign-in-failed', problem: step.problem } : null;
  };
  if (!current)
    return (await signInFailed()) ?? { kind: 'refused', request: null, problem: problem('request.not-found', { id: input.requestId }) };
  if (!isApprovable(current.value)) return (await signInFailed()) ?? settledFor(current.value, input.actorId);

  const target = current.value.target.id;
  const factsRead = !signedIn
    ? null
    : early && guess === target
      ? early
      : deps.directory.decisionFacts({ targetId: target, actorId: input.actorId });
  factsRead?.catch(() => undefined); // a failed sign-in or an expiry below leaves it unread
  if (signingIn) {
    // The exchange and the facts read overlap; nothing is written (not even an expiry) until the exchange succeeded.
    const step = await signingIn;
    if (!step.ok) return { kind: 'sign-in-failed', problem: step.problem };
    asApprover = step.asApprover;
  }
  const expired = await expireIfDue(deps, current);
  if (expired) return { kind: 'refused', request: viewOf(expired), problem: { code: 'request.expired' } };
  if (!factsRead) return { kind: 'refused', request: viewOf(current.value), problem: problem('sso.signin-again') };
  const facts = await factsRead;
  if (!facts.actor) throw new Error('decisionFacts returned no actor');
  const approver = personOf(facts.actor.user);
  if (!facts.target) {
    return refuse(deps, current.value, approver, problem('target.not-found', { query: current.value.target.userPrincipalName }));
  }
  const command: Command = {
    type: 'approve',
    approver,
    verification: input.verification,
    verificationNote: input.verificationNote,
    issuer: facts.actor,
    targetFacts: facts.target,
    policy: facts.policy,
    options: {
      refuseHighRisk: deps.config.refuseHighRisk,
      evidencePolicy: deps.config.evidencePolicy,
      faceCheckOffered: faceCheckOffered(deps),
    },
  };
  const claimed = await writeDecision(deps, current, command);
  if (!claimed.ok) {
    if (claimed.lostRace) return settledFor(claimed.current, input.actorId);
    // The live check found no issuing role: a token held for them would still let them write, so it goes.
    dropTokenIfNoIssuingRole(deps, input.actorId, [claimed.problem.code]);
    return refuse(deps, current.value, approver, claimed.problem);
  }
  if (claimed.stored.value.status === 'approved') {
    await auditRequest(deps, claimed.stored.value, 'request.approved', approver, 'ok');
    await deps.notifier.requestChanged(viewOf(claimed.stored.value), 'approved').catch(() => undefined);
    return { kind: 'approved', request: viewOf(claimed.stored.value) };
  }
  // The approval's audit record is written while Graph creates the pass: the approver waits for one,
  // not both. It starts once the create is on its way (afterCreateStarts), not ahead of it.
  const audited = afterCreateStarts(() => auditRequest(deps, claimed.stored.value, 'request.approved', approver, 'ok'));
  return issuePass(deps, claimed.stored as Versioned<IssuingRequest>, approver, { audited, asApprover, beforeShown: input.beforeShown });
}

/** A request this click can no longer move: "in progress" when it is the clicker's own pass (another instance's too: the row says so). */
function settledFor(request: TapRequest, actorId: string): ApproveOutcome {
  return passUnderWayFor(request, actorId)
    ? { kind: 'in-progress', request: viewOf(request) }
    : { kind: 'unchanged', request: viewOf(request) };
}

export async function deny(deps: UseCaseDeps, input: { requestId: string; actorId: string; reason: string }): Promise<DecisionOutcome> {
  const current = await load(deps, input.requestId);
  if (!current) return { kind: 'refused', request: null, problem: problem('request.not-found', { id: input.requestId }) };
  if (current.value.status !== 'pending' && current.value.status !== 'approved')
    return { kind: 'unchanged', request: viewOf(current.value) };
  const facts = await deps.directory.decisionFacts({ targetId: current.value.target.id, actorId: input.actorId });
  if (!facts.actor) throw new Error('decisionFacts returned no actor');
  const approver = personOf(facts.actor.user);
  if (!facts.target)
    return refuse(deps, current.value, approver, problem('target.not-found', { query: current.value.target.userPrincipalName }));
  const denied = await writeDecision(deps, current, {
    type: 'deny',
    approver,
    reason: input.reason,
    issuer: facts.actor,
    targetFacts: facts.target,
  });
  if (!denied.ok) {
    if (denied.lostRace) return { kind: 'unchanged', request: viewOf(denied.current) };
    return refuse(deps, current.value, approver, denied.problem);
  }
  await auditRequest(deps, denied.stored.value, 'request.denied', approver, 'ok', { reason: input.reason });
  await deps.notifier.requestChanged(viewOf(denied.stored.value), 'denied').catch(() => undefined);
  return { kind: 'denied', request: viewOf(denied.stored.value) };
}

/** PASS_DELIVERY=requester: the pass is created at the moment the requester reveals it, once. */
export async function reveal(
  deps: UseCaseDeps,
  input: { requestId: string; actor: Actor; beforeShown?: BeforeShown },
): Promise<ApproveOutcome> {
  const current = await load(deps, input.requestId);
  if (!current) return { kind: 'refused', request: null, problem: problem('request.not-found', { id: input.requestId }) };
  if (current.value.status !== 'approved') return settledFor(current.value, input.actor.id);
  const expired = await expireIfDue(deps, current);
  if (expired) return { kind: 'refused', request: viewOf(expired), problem: { code: 'request.expired' } };
  const claimed = await writeDecision(deps, current, { type: 'reveal', by: actingPerson(current.value, input.actor) });
  if (!claimed.ok) {
    if (claimed.lostRace) return settledFor(claimed.current, input.actor.id);
    return { kind: 'refused', request: viewOf(current.value), problem: claimed.problem };
  }
  return issuePass(deps, claimed.stored as Versioned<IssuingRequest>, actingPerson(current.value, input.actor), {
    beforeShown: input.beforeShown,
  });
}

export async function cancel(deps: UseCaseDeps, input: { requestId: string; actor: Actor }): Promise<DecisionOutcome> {
  const current = await load(deps, input.requestId);
  if (!current) return { kind: 'refused', request: null, problem: problem('request.not-found', { id: input.requestId }) };
  const by = actingPerson(current.value, input.actor);
  const cancelled = await writeDecision(deps, current, { type: 'cancel', by });
  if (!cancelled.ok) {
    if (cancelled.lostRace) return { kind: 'unchanged', request: viewOf(cancelled.current) };
    return { kind: 'refused', request: viewOf(current.value), problem: cancelled.problem };
  }
  await auditRequest(deps, cancelled.stored.value, 'request.cancelled', by, 'ok');
  await deps.notifier.requestChanged(viewOf(cancelled.stored.value), 'cancelled').catch(() => undefined);
  return { kind: 'cancelled', request: viewOf(cancelled.stored.value) };
}

/**
 * "Handed over", from the one person the pass was shown to. Until then the card they clicked is left
 * alone (see awaitingHandover); now every copy, that one included, may say "Issued".
 */
export async function handOver(deps: UseCaseDeps, input: { requestId: string; actor: Actor }): Promise<DecisionOutcome> {
  const current = await load(deps, input.requestId);
  if (!current) return { kind: 'refused', request: null, problem: problem('request.not-found', { id: input.requestId }) };
  const by = actingPerson(current.value, input.actor);
  const done = await writeDecision(deps, current, { type: 'hand-over', by });
  if (!done.ok) {
    if (done.lostRace || done.problem.code === 'request.already-handed-over')
      return { kind: 'unchanged', request: viewOf(done.current ?? current.value) };
    return { kind: 'refused', request: viewOf(current.value), problem: done.problem };
  }
  await auditRequest(deps, done.stored.value, 'pass.handed-over', by, 'ok');
  await deps.notifier.requestChanged(viewOf(done.stored.value), 'handed-over').catch(() => undefined);
  return { kind: 'handed-over', request: viewOf(done.stored.value) };
}

async function refuse(deps: UseCaseDeps, request: TapRequest, actor: PersonRef, cause: Problem): Promise<DecisionOutcome> {
  metrics.refused(cause.code, 'decision');
  // Best effort: when storage is down the refusal still reaches the person.
  await auditRequest(deps, request, 'decision.refused', actor, cause.code).catch(() => undefined);
  return { kind: 'refused', request: viewOf(request), problem: cause };
}
