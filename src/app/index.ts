// The application's one door: every use case the Teams adapter may call, bound to its dependencies, and
// the outcome types it renders. The ports stay behind it: handlers get outcomes, never stores or Graph.
import { type UseCaseDeps, faceCheckOffered } from './kernel/deps';
import type { Actor } from './kernel/actor';
import { type Problem, problem } from './kernel/errors';
import type { TapRequest, VerificationMethod } from '../domain/request-types';
import { isSymptom } from '../domain/diagnosis/facts';
import { parseAadstsCode } from '../domain/aadsts';
import type { FileRequestInput } from './requests/file-request';
import {
  approve,
  cancel,
  deny,
  handOver,
  reveal,
  type ApproveInput,
  type ApproveOutcome,
  type DecisionOutcome,
  type SignInFailed,
} from './requests/decide';
import { reviewApproval, type ReviewOutcome } from './requests/review';
import { myRequests, openRequestForm, submitRequest, type RequestForm, type SubmitOutcome } from './requests/requester';
import {
  auditOf,
  claimApprovalsChannel,
  diagnosisSubject,
  exportAudit,
  exportAuditFile,
  pendingRequests,
  refuseActivity,
  requestStatus,
  revokePass,
  revokeReview,
  statusOfPerson,
  type AuditOutcome,
  type ClaimOutcome,
  type DiagnosisSubjectOutcome,
  type ExportOutcome,
  type PendingOutcome,
  type PersonChoice,
  type PersonStatusOutcome,
  type RequestStatusOutcome,
  type Subject,
} from './help-desk/commands';
import type { RevokeOutcome, RevokeReview } from './help-desk/access';
import { diagnoseSignIn, escalate, type DiagnoseOutcome, type EscalateOutcome } from './diagnosis/diagnose';
import { adoptDelegatedToken, approverSignedIn, signInApprover, type SignInStep } from './sign-in/approver-sign-in';
import { sweep, type SweepReport } from './requests/sweep';
import { ownRequest, removeOwnPass, reportNotMe, type OwnPassOutcome, type OwnPassReason, type OwnPassResult } from './requests/own-pass';
import { removeOrphan, reviewOrphan, type OrphanRemoval, type OrphanReview } from './requests/orphans';
import { health, type HealthOutcome } from './diagnosis/health';
import { answerAsManager, type ManagerAnswer, type ManagerAnswerOutcome } from './requests/manager-check';
import { askFaceCheck, type FaceCheckAskOutcome } from './requests/face-check';
import { authenticateCallback, receiveCallback, type CallbackAnswer } from './requests/face-check-callback';
import type { PresentationCallback } from './kernel/ports';
import { toProblem } from './kernel/shared';
import { type RequestView, viewOf } from './kernel/request-view';

/** What the Teams adapter may ask of the application, each answer an outcome it renders. */
export interface UseCases {
  /** The request form, prefilled from what was typed or from a picked person. */
  openRequestForm(prefill: { typed: string } | { targetId: string }): Promise<RequestForm>;
  /** A submitted form: filed, or why not (null input: the form could not be read). */
  submitRequest(input: FileRequestInput | null): Promise<SubmitOutcome>;
  myRequests(actor: Actor): Promise<RequestView[]>;
  /** The stored request as it is, no live checks: what a re-rendered approval card shows. */
  currentRequest(requestId: string): Promise<RequestView | null>;
  /** What this approver may do with the request now (live role check), before they click. */
  /** whenApprovable: called once the request exists and is open, before the live check (reviewApproval says). */
  reviewApproval(input: {
    requestId: string;
    actor: Actor;
    verification?: VerificationMethod;
    whenApprovable?: () => void;
  }): Promise<ReviewOutcome>;
  /** signingIn: the exchange of the SSO token sent with this click, under way (signInApprover's); approve awaits it before writing. */
  approve(
    input: Omit<ApproveInput, 'actorId' | 'asApprover' | 'signingIn'> & { actor: Actor; signingIn?: Promise<SignInStep> },
  ): Promise<ApprovalOutcome | SignInFailed>;
  deny(input: { requestId: string; actor: Actor; reason: string }): Promise<ApprovalOutcome>;
  /** Shows the created pass once more to the one person who hands it over. */
  reveal(input: { requestId: string; actor: Actor; beforeShown?: () => Promise<void> }): Promise<ApprovalOutcome>;
  cancel(input: { requestId: string; actor: Actor }): Promise<DecisionOutcome>;
  handOver(input: { requestId: string; actor: Actor }): Promise<DecisionOutcome>;

  approverSignedIn(actor: Actor): boolean;
  signInApprover(actor: Actor, token: string): Promise<SignInStep>;
  adoptDelegatedToken(actor: Actor, token: { token: string; expiresAt: number }): SignInStep;

  requestStatus(actor: Actor, requestId: string): Promise<RequestStatusOutcome>;
  statusOfPerson(actor: Actor, subject: Subject): Promise<PersonStatusOutcome>;
  pendingRequests(actor: Actor, page?: { offset: number; limit: number }): Promise<PendingOutcome>;
  revokePass(actor: Actor, subject: Subject, options?: { endSessions?: boolean }): Promise<PersonChoice | RevokeOutcome>;
  revokeReview(actor: Actor, subject: Subject): Promise<PersonChoice | RevokeReview>;
  auditOf(actor: Actor, subject: { requestId: string } | { query: string }): Promise<AuditOutcome>;
  exportAudit(actor: Actor, range: string): Promise<ExportOutcome>;
  exportAuditFile(actor: Actor, from: string, to: string): Promise<ExportOutcome>;
  /** The request when the clicker is the person it is for (before asking them to sign in for it). */
  ownRequest(actor: Actor, requestId: string): Promise<TapRequest | null>;
  /**
   * Self-service removal of one's own pass: 'not-me' also ends sessions and alerts the help desk; 'done' (the offer
   * once a new method is registered) does neither, and records the removal on the request.
   */
  removeOwnPass(actor: Actor, requestId: string, reason: OwnPassReason): Promise<OwnPassOutcome>;
  /** "This wasn't me" before the removal could run: the help desk is told now (pending: why, or null for a sign-in asked). */
  reportNotMe(actor: Actor, requestId: string, pending: Problem | null): Promise<void>;
  /** The target's manager answers "is this really them?" from their 1:1 card: counted only when the directory names them now. */
  answerAsManager(actor: Actor, requestId: string, answer: ManagerAnswer): Promise<ManagerAnswerOutcome>;
  /** Face Check is configured: approval cards offer "Ask for a Face Check" to those who could approve. */
  readonly faceCheckOffered: boolean;
  /** "Ask for a Face Check": only someone the live review lets act on the request; the link goes to the target's chat. */
  askFaceCheck(actor: Actor, requestId: string): Promise<FaceCheckAskOutcome>;
  /** The callback route, before reading the body: is the `api-key` the one of this request's Face Check? */
  faceCheckCallbackAllowed(requestId: string | null, apiKey: string | null): Promise<boolean>;
  /** The callback route: applies an authenticated callback (null callback: a body not shaped like the service's). */
  receiveFaceCheckCallback(input: {
    requestId: string | null;
    apiKey: string | null;
    callback: PresentationCallback | null;
  }): Promise<CallbackAnswer>;
  reviewOrphan(actor: Actor, requestId: string): Promise<OrphanReview>;
  removeOrphan(actor: Actor, requestId: string): Promise<OrphanRemoval>;
  claimApprovalsChannel(actor: Actor, conversationId: string, remember: () => Promise<void>): Promise<ClaimOutcome>;
  /** An activity refused before any handler (not Teams, or another tenant): audited, best effort. */
  refuseActivity(
    actor: Actor | null,
    reason: 'channel' | 'tenant',
    details: { channelId: string; tenantId: string; type: string },
  ): Promise<void>;

  diagnosisSubject(actor: Actor, subject: Subject): Promise<DiagnosisSubjectOutcome>;
  /** What the person said, as typed: the symptom picked and any AADSTS code in the message they saw. */
  diagnoseSignIn(
    actor: Actor,
    subjectId: string,
    said: { symptom: string; reaching: string | null; message: string },
  ): Promise<DiagnoseOutcome>;
  /** "Contact the help desk" on one's own result: the help desk is told (and it is audited). */
  escalate(actor: Actor): Promise<EscalateOutcome>;

  sweep(): Promise<SweepReport>;
  health(actor: Actor): Promise<HealthOutcome>;
  /** A Graph or storage fault as the coded problem the person is shown (anything else is rethrown). */
  problemOf(error: unknown): Problem;
}

/** A refused approval comes back with the card as this approver may now see it (the same rule, re-read). */
export type ApprovalOutcome =
  Exclude<ApproveOutcome, { kind: 'refused' }> | (Extract<ApproveOutcome, { kind: 'refused' }> & { review: ReviewOutcome | null });

export function createUseCases(deps: UseCaseDeps): UseCases {
  // Approvals and reveals running on this instance, per clicker and request: a second click answers at once.
  // Only a fast path: across instances the request row ("issuing by X") says the same (passUnderWayFor).
  const approving = new Set<string>();
  async function once<T>(actor: Actor, requestId: string, run: () => Promise<T>): Promise<T | { kind: 'in-progress'; request: null }> {
    const key = `${actor.id.toLowerCase()}|${requestId}`;
    if (approving.has(key)) return { kind: 'in-progress', request: null };
    approving.add(key);
    try {
      return await run();
    } finally {
      approving.delete(key);
    }
  }

  async function withReview(outcome: ApproveOutcome, actorId: string): Promise<ApprovalOutcome> {
    if (outcome.kind !== 'refused') return outcome;
    return { ...outcome, review: outcome.request ? await reviewApproval(deps, { requestId: outcome.request.id, actorId }) : null };
  }

  return {
    openRequestForm: (prefill: { typed: string } | { targetId: string }) => openRequestForm(deps, prefill),
    submitRequest: (input: FileRequestInput | null) => submitRequest(deps, input),
    myRequests: (actor: Actor) => myRequests(deps, actor),

    // Card actions on a request run inside its log context already: the router (teams/bot.ts) parsed the id once.
    /** The stored request as it is, no live checks: what a re-rendered approval card shows. */
    currentRequest: async (requestId: string): Promise<RequestView | null> => {
      const stored = await deps.stores.requests.get(requestId);
      return stored ? viewOf(stored.value) : null;
    },
    reviewApproval: (input: { requestId: string; actor: Actor; verification?: VerificationMethod; whenApprovable?: () => void }) =>
      reviewApproval(deps, {
        requestId: input.requestId,
        actorId: input.actor.id,
        verification: input.verification,
        whenApprovable: input.whenApprovable,
      }),
    approve: (input: Omit<ApproveInput, 'actorId' | 'asApprover' | 'signingIn'> & { actor: Actor; signingIn?: Promise<SignInStep> }) => {
      input.signingIn?.catch(() => undefined); // a second click answered "in progress" never reads it
      return once(input.actor, input.requestId, async () => {
        const { actor, signingIn, ...rest } = input;
        // Delegated issuance: the approver's own on-behalf-of writes, when this instance holds them, or once the
        // sign-in sent with this click has made them (the exchange holds the token, as signInApprover always does).
        const writer = () => (deps.config.passIssuance === 'delegated' ? (deps.approverSessions?.writerFor(actor.id) ?? null) : null);
        const exchanged = signingIn?.then((step) => {
          const made = step.kind === 'ready' ? writer() : null;
          if (made) return { ok: true as const, asApprover: made };
          return { ok: false as const, problem: step.kind === 'problem' ? step.problem : problem('sso.signin-again') };
        });
        const outcome = await approve(deps, { ...rest, actorId: actor.id, asApprover: writer(), signingIn: exchanged });
        return outcome.kind === 'sign-in-failed' ? outcome : withReview(outcome, actor.id);
      });
    },
    deny: async (input: { requestId: string; actor: Actor; reason: string }) =>
      withReview(await deny(deps, { requestId: input.requestId, actorId: input.actor.id, reason: input.reason }), input.actor.id),
    reveal: (input: { requestId: string; actor: Actor; beforeShown?: () => Promise<void> }) =>
      once(input.actor, input.requestId, () => reveal(deps, input) as Promise<ApprovalOutcome>),
    cancel: (input: { requestId: string; actor: Actor }) => cancel(deps, input),
    handOver: (input: { requestId: string; actor: Actor }) => handOver(deps, input),

    approverSignedIn: (actor: Actor) => approverSignedIn(deps, actor.id),
    signInApprover: (actor: Actor, token: string) => signInApprover(deps, actor.id, token),
    adoptDelegatedToken: (actor: Actor, token: { token: string; expiresAt: number }) => adoptDelegatedToken(deps, actor.id, token),

    requestStatus: (actor: Actor, requestId: string) => requestStatus(deps, actor, requestId),
    statusOfPerson: (actor: Actor, subject: Subject) => statusOfPerson(deps, actor, subject),
    pendingRequests: (actor: Actor, page?: { offset: number; limit: number }) => pendingRequests(deps, actor, page),
    revokePass: (actor: Actor, subject: Subject, options: { endSessions?: boolean } = {}) => revokePass(deps, actor, subject, options),
    revokeReview: (actor: Actor, subject: Subject) => revokeReview(deps, actor, subject),
    auditOf: (actor: Actor, subject: { requestId: string } | { query: string }) => auditOf(deps, actor, subject),
    exportAudit: (actor: Actor, range: string) => exportAudit(deps, actor, range),
    /** The request when the clicker is the person it is for (before asking them to sign in for it). */
    ownRequest: (actor: Actor, requestId: string) => ownRequest(deps, actor.id, requestId),
    /**
     * Self-service removal of one's own pass: 'not-me' also ends sessions and alerts the help desk; 'done' (the offer
     * once a new method is registered) does neither, and records the removal on the request.
     */
    removeOwnPass: (actor: Actor, requestId: string, reason: OwnPassReason) => removeOwnPass(deps, actor, requestId, reason),
    reportNotMe: (actor: Actor, requestId: string, pending: Problem | null) => reportNotMe(deps, actor, requestId, pending),
    answerAsManager: (actor: Actor, requestId: string, answer: ManagerAnswer) => answerAsManager(deps, actor, requestId, answer),
    faceCheckOffered: faceCheckOffered(deps),
    askFaceCheck: (actor: Actor, requestId: string) => askFaceCheck(deps, actor, requestId),
    faceCheckCallbackAllowed: async (requestId: string | null, apiKey: string | null) =>
      (await authenticateCallback(deps, requestId, apiKey)) !== null,
    receiveFaceCheckCallback: (input) => receiveCallback(deps, input),
    reviewOrphan: (actor: Actor, requestId: string) => reviewOrphan(deps, actor.id, requestId),
    removeOrphan: (actor: Actor, requestId: string) => removeOrphan(deps, actor.id, requestId),
    exportAuditFile: (actor: Actor, from: string, to: string) => exportAuditFile(deps, actor, from, to),
    claimApprovalsChannel: (actor: Actor, conversationId: string, remember: () => Promise<void>) =>
      claimApprovalsChannel(deps, actor, conversationId, remember),
    refuseActivity: (actor: Actor | null, reason: 'channel' | 'tenant', details: { channelId: string; tenantId: string; type: string }) =>
      refuseActivity(deps, actor, reason, details),

    diagnosisSubject: (actor: Actor, subject: Subject) => diagnosisSubject(deps, actor, subject),
    /** What the person said, as typed: the symptom picked and any AADSTS code in the message they saw. */
    diagnoseSignIn: (actor: Actor, subjectId: string, said: { symptom: string; reaching: string | null; message: string }) =>
      diagnoseSignIn(deps, actor.id, subjectId, {
        symptom: isSymptom(said.symptom) ? said.symptom : 'unknown',
        reaching: said.reaching,
        reportedCode: parseAadstsCode(said.message),
      }),

    escalate: (actor: Actor) => escalate(deps, actor),

    sweep: () => sweep(deps),
    health: (actor: Actor) => health(deps, actor.id),
    /** A Graph or storage fault as the coded problem the person is shown (anything else is rethrown). */
    problemOf: (error: unknown) => toProblem(error),
  };
}

// What the Teams adapter renders and passes in: outcome types and the few port types it implements.
export type { Actor } from './kernel/actor';
export type { Problem } from './kernel/errors';
export type { AuditEntry, Clock, CreatedPass, KeyValueStore, NotMeAlert, Notifier, RequestEvent } from './kernel/ports';
export type { FailureVerdict, Outbox } from './kernel/outbox';
export type { SignInPrompts } from './sign-in/prompts';
export type { ApproveInput, ApproveOutcome, DecisionOutcome, SignInFailed, ReviewOutcome, RequestForm, SubmitOutcome, FileRequestInput };
export type {
  AuditOutcome,
  ClaimOutcome,
  DiagnosisSubjectOutcome,
  ExportOutcome,
  PendingOutcome,
  PersonChoice,
  PersonStatusOutcome,
  RequestStatusOutcome,
  Subject,
};
export type { PendingItem, RevokeOutcome, RevokeReview, UserStatus } from './help-desk/access';
export type {
  EscalateOutcome,
  DiagnoseOutcome,
  SignInStep,
  SweepReport,
  OwnPassOutcome,
  OwnPassReason,
  OwnPassResult,
  OrphanRemoval,
  OrphanReview,
  HealthOutcome,
};
export type { SessionsOutcome } from './requests/own-pass';
export type { RequestView } from './kernel/request-view';
export type { ManagerAnswer, ManagerAnswerOutcome, FaceCheckAskOutcome, CallbackAnswer };
export type { PresentationCallback } from './kernel/ports';
/** A lost compare-and-swap: the adapter's own stores (sign-in challenge key) race like the use cases' do. */
export { StoreConflictError } from './kernel/ports';
// Data the Teams adapter reads (patterns, choices, names), never a rule: the rules' answers come in outcomes.
export { GUID, REQUEST_ID } from '../domain/ids';
export { SYMPTOM_CHOICES } from '../domain/diagnosis/facts';
/** Built-in role names by template id: a card names a role a fact or a problem carries by id. */
export { BUILT_IN_ROLES } from '../domain/roles';
/** The one rule for "12 min", "1 h 30 min", "5 h", "2 days", shared by the diagnosis and the cards. */
export { duration } from '../domain/diagnosis/text';
