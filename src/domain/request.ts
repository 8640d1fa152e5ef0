// The life of a request: decide(request, command, now) → the next state, or a coded error.
// Pure (ARCHITECTURE.md rule 3): time and ids come in as arguments; every transition returns a NEW object
// and never touches its inputs. The caller stores the result with a compare-and-swap (rule 2).
//
//   (none) ─file─► pending ─approve─► issuing ─issued─► issued
//                     │                  ├─issue-failed─► failed ─approve (retryable)─► issuing | approved
//                     │                  ├─issue-ambiguous─► unknown ─issued | issue-failed─► issued | failed
//                     │                  └─issue-refused (Entra refused the approver's own create)─► pending
//                     ├─approve (delivery: requester)─► approved ─reveal (requester)─► issuing
//                     ├─remind (once, from half-time)─► pending
//                     └─deny | cancel | expire ─► denied | cancelled | expired   (also from approved)
//   issued ─hand-over (the pass holder, or anyone once handoverDueAt is reached)─► issued (handed over)
//   issued ─follow-up (a method registered after the pass) ─follow-up-sent ─pass-removed─► issued (pass-follow-up.ts)
//
// Which command applies from which state is LEGAL_FROM below, checked once by decide(); the unit test checks every pair.
import type { IssuerFacts, Known, ManagerFact, TapPolicyFacts, TargetFacts } from './facts';
import type {
  Approval,
  IssuedPass,
  IssuedRequest,
  ManagerCheck,
  PassDelivery,
  PassSpec,
  PersonRef,
  RequestCommon,
  RequestReason,
  RequestStatus,
  TapRequest,
  VerificationMethod,
} from './request-types';
import { FINAL_STATUSES } from './request-types';
import { type DomainError, type Result, domainError, fail, ok } from './errors';
import { canIssue } from './issuer-rules';
import { type FollowUpCommand, decideFollowUp } from './pass-follow-up';
import { type FaceCheckCommand, decideFaceCheck } from './face-check';
import { type Eligibility, type EligibilityOptions, checkEligibility } from './eligibility';
import { addMinutes, instant, isoAt, reached } from './time';
import { type EvidenceNeed, type EvidencePolicy, STATED_POLICY, evidenceNeed, evidenceOf, stillFor } from './evidence';

/** The eligibility options, and the evidence policy (absent: the approver's stated method is enough). */
/** faceCheckOffered: Face Check is configured, so the policy may name it as a way to add evidence. */
export type ApprovalOptions = EligibilityOptions & { evidencePolicy?: EvidencePolicy; faceCheckOffered?: boolean };

export interface FileCommand {
  type: 'file';
  /** Short, human id such as `TAP-0042`, chosen by the caller. */
  id: string;
  requester: PersonRef;
  target: PersonRef;
  reason: RequestReason;
  pass: PassSpec;
  delivery: PassDelivery;
  ttlMinutes: number;
  replacesLivePass: boolean;
  /** Where asking the target's manager starts (absent: the manager is not asked). */
  managerCheck?: ManagerCheck;
}

/**
 * The target's manager answers "is this really them?". `manager` is the directory's answer read live at click time
 * (null: none), never anything a card carried: only the person it names counts.
 */
export interface ManagerAnswerCommand {
  type: 'manager-answer';
  by: PersonRef;
  answer: 'confirmed' | 'not-them';
  manager: Known<ManagerFact | null>;
}

export interface ApproveCommand {
  type: 'approve';
  approver: PersonRef;
  verification: VerificationMethod;
  verificationNote: string | null;
  /** Live facts about the approver and the target, read at click time. */
  issuer: IssuerFacts;
  targetFacts: TargetFacts;
  policy: TapPolicyFacts;
  options: ApprovalOptions;
}

export interface DenyCommand {
  type: 'deny';
  approver: PersonRef;
  reason: string;
  issuer: IssuerFacts;
  targetFacts: TargetFacts;
}

export type Command =
  | FileCommand
  | ApproveCommand
  | DenyCommand
  | ManagerAnswerCommand
  /** The manager's card could not be delivered (no chat with TAP Desk): the approval card says so. */
  | { type: 'manager-unreachable' }
  | { type: 'reveal'; by: PersonRef }
  | { type: 'issued'; pass: IssuedPass; shownTo: PersonRef | null }
  | { type: 'issue-failed'; code: string; retryable: boolean }
  | { type: 'issue-ambiguous' }
  /** Entra refused the approver's own (delegated) create: nothing was made, another approver may try. */
  | { type: 'issue-refused'; code: string }
  | { type: 'cancel'; by: PersonRef }
  | { type: 'expire' }
  | { type: 'remind' }
  /** The pass holder is done with the pass (by), or its hand-over time ran out (by null: the sweeper). */
  | { type: 'hand-over'; by: PersonRef | null }
  /** Once its job is done (pass-follow-up.ts): a method registered after the pass; the offer sent; the pass removed. */
  | FollowUpCommand
  /** A Verified ID Face Check of the target: asked by an approver, its link not sent, the service's answer (face-check.ts). */
  | FaceCheckCommand;

export type CommandType = Command['type'];

export const COMMAND_TYPES: readonly CommandType[] = [
  'file',
  'approve',
  'deny',
  'reveal',
  'issued',
  'issue-failed',
  'issue-ambiguous',
  'cancel',
  'expire',
  'remind',
  'issue-refused',
  'hand-over',
  'follow-up',
  'follow-up-sent',
  'pass-removed',
  'manager-answer',
  'manager-unreachable',
  'face-check-asked',
  'face-check-unsent',
  'face-check-result',
];

type Of<T extends CommandType> = Extract<Command, { type: T }>;

const iso = (now: Date): string => now.toISOString();
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** When a request filed now with this waiting time expires. */
export function expiresAtFor(now: Date, ttlMinutes: number): string {
  return addMinutes(now, ttlMinutes);
}

/** The reminder is due half-way through the waiting time (approvers get a reminder before expiry). */
export function reminderDueAt(request: TapRequest): string | null {
  const created = instant(request.createdAt);
  const expires = instant(request.expiresAt);
  return created === null || expires === null ? null : isoAt(created + (expires - created) / 2);
}

/** How long the pass holder has before the shared cards turn to "Issued" without their word. */
export const HANDOVER_MINUTES = 5;

/**
 * The pass may still be on its holder's screen: the card they clicked must not be updated (an update
 * would replace the pass, in whatever order Teams delivers it). Requests stored before hand-overs
 * existed have no such fields and count as handed over.
 */
export function awaitingHandover(request: TapRequest): request is IssuedRequest {
  return (
    request.status === 'issued' && request.shownTo !== null && request.handedOverAt === null && typeof request.handoverDueAt === 'string'
  );
}

/**
 * The pass this clicker asked for is under way (their Approve, or their Reveal with PASS_DELIVERY=requester:
 * the create is in flight or its answer lost) or may still be on their screen. A second click from them
 * (double click, re-delivered invoke) must leave their card alone, or the answer without the pass could
 * land last and hide the pass.
 */
export function passUnderWayFor(request: TapRequest, clickerId: string): boolean {
  const id = clickerId.toLowerCase();
  if (request.status === 'issuing' || request.status === 'unknown') {
    const creator = request.delivery === 'approver' ? request.approval.by.id : request.requester.id;
    return creator.toLowerCase() === id;
  }
  return awaitingHandover(request) && request.shownTo?.id.toLowerCase() === id;
}

/** Nothing more happens to the request by itself (a retryable failure waits for a new approval). */
export function isFinal(request: TapRequest): boolean {
  return FINAL_STATUSES.includes(request.status);
}

/**
 * Something may still happen to the request: it is in flight, a retryable failure may be approved
 * again, or an issued pass waits for its hand-over. Cards showing any other request change only to
 * note an issued pass's follow-up (pass-follow-up.ts), on the copies remembered while it could change.
 */
export function mayChange(request: TapRequest): boolean {
  if (!isFinal(request) || awaitingHandover(request)) return true;
  return request.status === 'failed' && request.failure.retryable;
}

/** Still in flight: waiting for a decision, a reveal, or Graph. */
export function isLive(request: TapRequest): boolean {
  return !isFinal(request);
}

/** The fields every state shares, copied explicitly so no state-specific field leaks into the next state. */
function common(r: TapRequest): RequestCommon {
  return {
    id: r.id,
    requester: r.requester,
    target: r.target,
    reason: r.reason,
    pass: r.pass,
    delivery: r.delivery,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    replacesLivePass: r.replacesLivePass,
    reminderSentAt: r.reminderSentAt,
    ...(r.managerCheck ? { managerCheck: r.managerCheck } : {}),
    ...(r.faceCheck ? { faceCheck: r.faceCheck } : {}),
  };
}

function notApplicable(request: TapRequest, command: Command): Result<TapRequest> {
  return fail('request.not-pending', { status: request.status, command: command.type });
}

/** Exhaustiveness guard: a value the types say cannot exist (e.g. a command from untyped JSON). */
function impossible(value: never, request: TapRequest | null): Result<TapRequest> {
  const type = (value as { type?: unknown } | null)?.type;
  return fail('request.not-pending', { status: request?.status ?? 'none', command: String(type) });
}

function expired(request: TapRequest): Result<TapRequest> {
  return fail('request.expired', { expiresAt: request.expiresAt });
}

// ---------------------------------------------------------------------------------------------

function file(command: FileCommand, now: Date): Result<TapRequest> {
  if (command.reason.code === 'other' && !command.reason.text?.trim()) return fail('request.reason-required', { field: 'reasonText' });
  if (!Number.isFinite(command.ttlMinutes) || command.ttlMinutes <= 0) return fail('request.invalid', { field: 'ttlMinutes' });
  return ok({
    id: command.id,
    requester: { ...command.requester },
    target: { ...command.target },
    reason: { ...command.reason },
    pass: { ...command.pass },
    delivery: command.delivery,
    createdAt: iso(now),
    expiresAt: expiresAtFor(now, command.ttlMinutes),
    replacesLivePass: command.replacesLivePass,
    reminderSentAt: null,
    ...(command.managerCheck ? { managerCheck: command.managerCheck } : {}),
    status: 'pending',
  });
}

/** Where asking the manager starts, from the live read at filing: asked, none in the directory, or unreadable (why). */
export function managerCheckAtFiling(manager: Known<ManagerFact | null> | undefined, now: Date): ManagerCheck | undefined {
  if (!manager) return undefined;
  if (!manager.known) return { state: 'unknown', why: manager.need ?? manager.reason };
  if (manager.value === null) return { state: 'no-manager' };
  const { id, displayName, userPrincipalName } = manager.value;
  return { state: 'asked', manager: { id, displayName, userPrincipalName }, askedAt: iso(now) };
}

/** The request is held: its target's manager said it is not them. Only a deny or a cancel moves it on. */
export function heldByManager(request: TapRequest): boolean {
  return request.managerCheck?.state === 'not-them';
}

function managerAnswer(request: In<'pending'>, command: ManagerAnswerCommand, now: Date): Result<TapRequest> {
  const check = request.managerCheck;
  if (!check || (check.state !== 'asked' && check.state !== 'unreachable' && check.state !== 'confirmed')) {
    return check?.state === 'not-them' ? fail('manager.already-answered', { state: check.state }) : fail('manager.not-asked');
  }
  if (!command.manager.known) return fail('manager.unreadable');
  const live = command.manager.value;
  if (!live || !same(live.id, command.by.id)) return fail('manager.not-manager');
  // "Not them" may follow a confirmation (second thoughts are safe); a held request is released only by the help desk.
  if (check.state === 'confirmed' && command.answer === 'confirmed') return fail('manager.already-answered', { state: check.state });
  const manager = { id: live.id, displayName: live.displayName, userPrincipalName: live.userPrincipalName };
  return ok({ ...request, managerCheck: { state: command.answer, manager, askedAt: check.askedAt, at: iso(now) } });
}

function managerUnreachable(request: In<'pending'>): Result<TapRequest> {
  const check = request.managerCheck;
  if (check?.state !== 'asked') return fail('manager.not-asked');
  return ok({ ...request, managerCheck: { ...check, state: 'unreachable' } });
}

/** Live re-check at click time: the approver's facts are theirs, the target's are the request's. */
function factsMismatch(request: TapRequest, approver: PersonRef, issuer: IssuerFacts, target: TargetFacts): Result<TapRequest> | null {
  if (!same(approver.id, issuer.user.id)) return fail('issuer.facts-mismatch');
  if (!same(target.user.id, request.target.id)) return fail('target.facts-mismatch');
  return null;
}

/**
 * Graph refuses a start in the past ("Invalid StartDateTime specified. It can not be a time in the past."),
 * and a start that passed while the request waited for approval (or for the requester to reveal it) still
 * means "from then on": so the pass starts on issue, for the lifetime asked for (checked against the policy
 * at approval), and the request records the start it replaces so the card can say so. A start under a
 * minute away counts as passed: by the time Graph reads it, it may have.
 */
export const START_PASSED_MARGIN_MS = 60_000;

export function passToIssue(pass: PassSpec, now: Date): PassSpec {
  const start = pass.startDateTime === null ? null : instant(pass.startDateTime);
  if (start === null || start > now.getTime() + START_PASSED_MARGIN_MS) return pass;
  return { ...pass, startDateTime: null, startMovedFrom: pass.startDateTime ?? undefined };
}

/** Statuses from which an approval can still do something. */
export function isApprovable(request: TapRequest): boolean {
  return request.status === 'pending' || (request.status === 'failed' && request.failure.retryable && request.approval !== null);
}

export interface ApprovalCheck {
  authority: ReturnType<typeof canIssue>;
  /** Everything that stops this approver approving now (authority first); empty when they may. */
  refusals: DomainError[];
  warnings: Eligibility['warnings'];
  /** The evidence policy against this request (evidence.ts). */
  evidence: EvidenceNeed;
  /**
   * 'request.evidence-needed' when the evidence falls short: for the chosen method (approve), or for every method (the
   * card's preview). Apart from refusals: an approver who may not approve yet may still deny.
   */
  evidenceShort: DomainError | null;
}

/**
 * The approval rule: may this issuer approve this request for this target now? approve() applies it,
 * and the approval card previews it (actionable or not, with the reasons), so changing it here changes both.
 */
export function checkApproval(
  request: TapRequest,
  issuer: IssuerFacts,
  targetFacts: TargetFacts,
  policy: TapPolicyFacts,
  now: Date,
  options: ApprovalOptions,
  verification?: VerificationMethod,
): ApprovalCheck {
  const authority = canIssue(issuer, targetFacts, request.requester.id);
  const eligibility = checkEligibility(targetFacts, policy, request.pass, now, options);
  // The start time was checked when the request was filed; waiting for a decision must not void it.
  const blocking = eligibility.refusals.filter((r) => r.code !== 'pass.start-in-past');
  // "Not them" from the target's manager holds the request, whoever approves.
  const check = request.managerCheck;
  const held = check?.state === 'not-them' ? [domainError('request.held-not-them', { manager: check.manager.displayName })] : [];
  const evidence = evidenceNeed(
    options.evidencePolicy ?? STATED_POLICY,
    request,
    targetFacts,
    issuer.user.id,
    options.faceCheckOffered ?? false,
  );
  const short = verification ? stillFor(evidence, verification) : evidence.withCallBack && evidence.otherwise;
  return {
    authority,
    refusals: [...(authority.ok ? [] : [authority.error]), ...held, ...blocking],
    warnings: eligibility.warnings,
    evidence,
    evidenceShort: short ? evidenceNeeded(evidence, short) : null,
  };
}

/** The params say what the policy wants, what is held and what could still be added: the card and the refusal word them. */
function evidenceNeeded(need: EvidenceNeed, short: { more: number; moreIndependent: number }): DomainError {
  return domainError('request.evidence-needed', {
    targetClass: need.targetClass,
    count: need.rule.count,
    independent: need.rule.independent,
    held: need.held.join(','),
    more: short.more,
    moreIndependent: short.moreIndependent,
    open: need.open.join(','),
  });
}

function approveNow(request: TapRequest, command: ApproveCommand, now: Date): Result<TapRequest> {
  if (reached(now, request.expiresAt)) return expired(request);
  const mismatch = factsMismatch(request, command.approver, command.issuer, command.targetFacts);
  if (mismatch) return mismatch;
  const check = checkApproval(request, command.issuer, command.targetFacts, command.policy, now, command.options, command.verification);
  const authority = check.authority;
  if (!authority.ok) return authority;
  const note = command.verificationNote?.trim() || null;
  if (command.verification === 'other' && note === null) return fail('request.verification-required', { verification: 'other' });
  const eligibility = check;
  const refusal = check.refusals[0] ?? check.evidenceShort;
  if (refusal) return { ok: false, error: refusal };

  const approval: Approval = {
    by: command.approver,
    at: iso(now),
    verification: command.verification,
    verificationNote: note,
    authority: authority.value,
    evidence: evidenceOf(request, command.targetFacts, command.verification, command.approver.id),
  };
  // A pass that appeared since filing is replaced too: the record says so (SECURITY.md: never silently).
  const replacesLivePass = request.replacesLivePass || eligibility.warnings.some((w) => w.code === 'target.live-pass');
  const base = { ...common(request), replacesLivePass };
  if (request.delivery === 'requester') return ok({ ...base, status: 'approved', approval });
  return ok({ ...base, pass: passToIssue(base.pass, now), status: 'issuing', approval, issuingSince: iso(now) });
}

/** A request in one of the given statuses: what a transition receives once decide() has checked LEGAL_FROM. */
type In<S extends RequestStatus> = Extract<TapRequest, { status: S }>;

function approve(request: In<'pending' | 'failed'>, command: ApproveCommand, now: Date): Result<TapRequest> {
  // A retry is a new approval, re-checked in full, within the request's waiting time.
  if (request.status === 'failed' && !request.failure.retryable) return notApplicable(request, command);
  return approveNow(request, command, now);
}

function deny(request: In<'pending' | 'approved'>, command: DenyCommand, now: Date): Result<TapRequest> {
  // Withdrawing an approval before the pass exists is a denial too; the same people may do it.
  if (reached(now, request.expiresAt)) return expired(request);
  const mismatch = factsMismatch(request, command.approver, command.issuer, command.targetFacts);
  if (mismatch) return mismatch;
  const authority = canIssue(command.issuer, command.targetFacts, request.requester.id);
  if (!authority.ok) return authority;
  const reason = command.reason.trim();
  if (!reason) return fail('request.reason-required', { field: 'reason' });
  return ok({ ...common(request), status: 'denied', denial: { by: command.approver, at: iso(now), reason } });
}

function reveal(request: In<'approved'>, command: Of<'reveal'>, now: Date): Result<TapRequest> {
  if (!same(command.by.id, request.requester.id)) return fail('reveal.not-requester');
  if (reached(now, request.expiresAt)) return expired(request);
  return ok({
    ...common(request),
    pass: passToIssue(request.pass, now),
    status: 'issuing',
    approval: request.approval,
    issuingSince: iso(now),
  });
}

function issued(request: In<'issuing' | 'unknown'>, command: Of<'issued'>, now: Date): Result<TapRequest> {
  return ok({
    ...common(request),
    status: 'issued',
    approval: request.approval,
    issued: { ...command.pass },
    shownTo: command.shownTo,
    shownAt: command.shownTo ? iso(now) : null,
    handoverDueAt: command.shownTo ? addMinutes(now, HANDOVER_MINUTES) : null,
    handedOverAt: null,
  });
}

function issueFailed(request: In<'issuing' | 'unknown'>, command: Of<'issue-failed'>, now: Date): Result<TapRequest> {
  return ok({
    ...common(request),
    status: 'failed',
    approval: request.approval,
    failure: { code: command.code, at: iso(now), retryable: command.retryable },
  });
}

function issueAmbiguous(request: In<'issuing'>): Result<TapRequest> {
  return ok({ ...common(request), status: 'unknown', approval: request.approval, issuingSince: request.issuingSince });
}

/** Back to pending, without the refused approval: the request stays approvable by someone Entra allows. */
function issueRefused(request: In<'issuing'>): Result<TapRequest> {
  return ok({ ...common(request), status: 'pending' });
}

function cancel(request: In<'pending' | 'approved'>, command: Of<'cancel'>, now: Date): Result<TapRequest> {
  if (!same(command.by.id, request.requester.id) && !same(command.by.id, request.target.id)) return fail('request.cancel-not-allowed');
  return ok({ ...common(request), status: 'cancelled', cancelledBy: command.by, cancelledAt: iso(now) });
}

function expire(request: In<'pending' | 'approved'>, now: Date): Result<TapRequest> {
  if (!reached(now, request.expiresAt)) return fail('request.not-expired', { expiresAt: request.expiresAt });
  // The moment it expired, not the moment a sweeper noticed.
  return ok({ ...common(request), status: 'expired', expiredAt: request.expiresAt });
}

function remind(request: In<'pending'>, now: Date): Result<TapRequest> {
  if (request.reminderSentAt !== null) return fail('request.already-reminded', { reminderSentAt: request.reminderSentAt });
  if (reached(now, request.expiresAt)) return expired(request);
  const dueAt = reminderDueAt(request);
  if (dueAt === null || !reached(now, dueAt)) return fail('request.reminder-not-due', { dueAt: dueAt ?? undefined });
  return ok({ ...common(request), status: 'pending', reminderSentAt: iso(now) });
}

function handOver(request: In<'issued'>, command: Of<'hand-over'>, now: Date): Result<TapRequest> {
  if (!awaitingHandover(request))
    return fail('request.already-handed-over', { handedOverAt: (request as IssuedRequest).handedOverAt ?? undefined });
  if (command.by === null) {
    if (!reached(now, request.handoverDueAt as string)) return fail('handover.not-due', { dueAt: request.handoverDueAt ?? undefined });
  } else if (!same(command.by.id, (request.shownTo as PersonRef).id)) {
    return fail('handover.not-holder');
  }
  return ok({ ...request, handedOverAt: iso(now) });
}

/** The statuses a command may start from (time and people permitting): decide() refuses any other, once, here. */
export const LEGAL_FROM: Readonly<Record<CommandType, readonly (RequestStatus | null)[]>> = {
  file: [null],
  approve: ['pending', 'failed'],
  deny: ['pending', 'approved'],
  reveal: ['approved'],
  issued: ['issuing', 'unknown'],
  'issue-failed': ['issuing', 'unknown'],
  'issue-ambiguous': ['issuing'],
  cancel: ['pending', 'approved'],
  expire: ['pending', 'approved'],
  remind: ['pending'],
  'issue-refused': ['issuing'],
  'hand-over': ['issued'],
  'follow-up': ['issued'],
  'follow-up-sent': ['issued'],
  'pass-removed': ['issued'],
  // The manager's word counts only while the request waits for a decision.
  'manager-answer': ['pending'],
  'manager-unreachable': ['pending'],
  // Evidence for a decision still to be made: a Face Check is asked and answered only while the request waits.
  'face-check-asked': ['pending'],
  'face-check-unsent': ['pending'],
  'face-check-result': ['pending'],
};

export function decide(request: TapRequest | null, command: Command, now: Date): Result<TapRequest> {
  if (request === null) return command.type === 'file' ? file(command, now) : fail('request.not-found', { command: command.type });
  if (command.type === 'file') return fail('request.already-decided', { status: request.status });
  const from: readonly (RequestStatus | null)[] | undefined = LEGAL_FROM[command.type];
  // A command from untyped JSON has no row: refused like any command from the wrong state.
  if (!from?.includes(request.status)) return notApplicable(request, command);
  // Past the guard each transition computes only the new state; the casts hold because LEGAL_FROM was just checked.
  switch (command.type) {
    case 'approve':
      return approve(request as In<'pending' | 'failed'>, command, now);
    case 'deny':
      return deny(request as In<'pending' | 'approved'>, command, now);
    case 'reveal':
      return reveal(request as In<'approved'>, command, now);
    case 'issued':
      return issued(request as In<'issuing' | 'unknown'>, command, now);
    case 'issue-failed':
      return issueFailed(request as In<'issuing' | 'unknown'>, command, now);
    case 'issue-ambiguous':
      return issueAmbiguous(request as In<'issuing'>);
    case 'cancel':
      return cancel(request as In<'pending' | 'approved'>, command, now);
    case 'expire':
      return expire(request as In<'pending' | 'approved'>, now);
    case 'remind':
      return remind(request as In<'pending'>, now);
    case 'issue-refused':
      return issueRefused(request as In<'issuing'>);
    case 'hand-over':
      return handOver(request as In<'issued'>, command, now);
    case 'manager-answer':
      return managerAnswer(request as In<'pending'>, command, now);
    case 'manager-unreachable':
      return managerUnreachable(request as In<'pending'>);
    case 'face-check-asked':
    case 'face-check-unsent':
    case 'face-check-result':
      return decideFaceCheck(request as In<'pending'>, command, now);
    case 'follow-up':
    case 'follow-up-sent':
    case 'pass-removed':
      return decideFollowUp(request, command, now);
    default:
      return impossible(command, request);
  }
}
