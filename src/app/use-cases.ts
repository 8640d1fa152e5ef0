// The use cases bound to their dependencies: all the Teams adapter may call. The ports stay in here:
// handlers get outcomes, never stores, the directory or the Graph client.
import type { UseCaseDeps } from './deps';
import type { Actor } from './actor';
import type { TapRequest } from '../domain/request-types';
import { isSymptom } from '../domain/diagnosis/diagnosis-facts';
import { parseAadstsCode } from '../domain/aadsts';
import type { FileRequestInput } from './request-pass';
import { approve, cancel, deny, handOver, reveal, type ApproveInput, type ApproveOutcome } from './decide-request';
import { reviewApproval, type ReviewOutcome } from './review-approval';
import { involvedRequest, myRequests, openRequestForm, submitRequest } from './requester';
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
  type Subject,
} from './help-desk-commands';
import { diagnoseSignIn } from './diagnose';
import { adoptDelegatedToken, approverSignedIn, signInApprover } from './approver-sign-in';
import { sweep } from './sweeper';
import { ownRequest, removeOwnPass, type OwnPassReason, type OwnPassResult } from './own-pass';
import { removeOrphan, reviewOrphan } from './orphans';
import { health } from './health';
import { withRequestId } from '../log-context';
import { toProblem } from './shared';

/** A refused approval comes back with the card as this approver may now see it (the same rule, re-read). */
export type ApprovalOutcome = Exclude<ApproveOutcome, { kind: 'refused' }> | (Extract<ApproveOutcome, { kind: 'refused' }> & { review: ReviewOutcome | null });

export function createUseCases(deps: UseCaseDeps) {
  // Approvals and reveals running on this instance, per clicker and request: a second click answers at once.
  // Only a fast path: across instances the request row ("issuing by X") says the same (passUnderWayFor).
  const approving = new Set<string>();
  async function once(actor: Actor, requestId: string, run: () => Promise<ApprovalOutcome>): Promise<ApprovalOutcome> {
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
    involvedRequest: (actor: Actor, requestId: string) => involvedRequest(deps, actor, requestId),

    // Everything logged while deciding on a request carries its id (log-context.ts).
    /** The stored request as it is, no live checks: what a re-rendered approval card shows. */
    currentRequest: async (requestId: string): Promise<TapRequest | null> => (await deps.stores.requests.get(requestId))?.value ?? null,
    reviewApproval: (input: { requestId: string; actor: Actor }) =>
      withRequestId(input.requestId, () => reviewApproval(deps, { requestId: input.requestId, actorId: input.actor.id })),
    approve: (input: Omit<ApproveInput, 'actorId' | 'asApprover'> & { actor: Actor }) =>
      withRequestId(input.requestId, () =>
        once(input.actor, input.requestId, async () => {
          // Delegated issuance: the approver's own on-behalf-of writes, when this instance holds them.
          const asApprover = deps.config.passIssuance === 'delegated' ? (deps.approverSessions?.writerFor(input.actor.id) ?? null) : null;
          const { actor, ...rest } = input;
          return withReview(await approve(deps, { ...rest, actorId: actor.id, asApprover }), actor.id);
        }),
      ),
    deny: (input: { requestId: string; actor: Actor; reason: string }) =>
      withRequestId(input.requestId, async () => withReview(await deny(deps, { requestId: input.requestId, actorId: input.actor.id, reason: input.reason }), input.actor.id)),
    reveal: (input: { requestId: string; actor: Actor }) =>
      withRequestId(input.requestId, () => once(input.actor, input.requestId, () => reveal(deps, input) as Promise<ApprovalOutcome>)),
    cancel: (input: { requestId: string; actor: Actor }) => withRequestId(input.requestId, () => cancel(deps, input)),
    handOver: (input: { requestId: string; actor: Actor }) => withRequestId(input.requestId, () => handOver(deps, input)),

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
    removeOwnPass: (actor: Actor, requestId: string, reason: OwnPassReason, alert: (result: OwnPassResult) => Promise<void> = async () => {}) =>
      removeOwnPass(deps, actor, requestId, reason, alert),
    reviewOrphan: (actor: Actor, requestId: string) => withRequestId(requestId, () => reviewOrphan(deps, actor.id, requestId)),
    removeOrphan: (actor: Actor, requestId: string) => withRequestId(requestId, () => removeOrphan(deps, actor.id, requestId)),
    exportAuditFile: (actor: Actor, from: string, to: string) => exportAuditFile(deps, actor, from, to),
    claimApprovalsChannel: (actor: Actor, conversationId: string, remember: () => Promise<void>) => claimApprovalsChannel(deps, actor, conversationId, remember),
    refuseActivity: (actor: Actor | null, reason: 'channel' | 'tenant', details: { channelId: string; tenantId: string; type: string }) =>
      refuseActivity(deps, actor, reason, details),

    diagnosisSubject: (actor: Actor, subject: Subject) => diagnosisSubject(deps, actor, subject),
    /** What the person said, as typed: the symptom picked and any AADSTS code in the message they saw. */
    diagnoseSignIn: (actor: Actor, subjectId: string, said: { symptom: string; reaching: string | null; message: string }) =>
      diagnoseSignIn(deps, actor.id, subjectId, { symptom: isSymptom(said.symptom) ? said.symptom : 'unknown', reaching: said.reaching, reportedCode: parseAadstsCode(said.message) }),

    sweep: () => sweep(deps),
    health: (actor: Actor) => health(deps, actor.id),
    /** A Graph or storage fault as the coded problem the person is shown (anything else is rethrown). */
    problemOf: (error: unknown) => toProblem(error),
  };
}

export type UseCases = ReturnType<typeof createUseCases>;
export type { Actor } from './actor';
export type { Subject } from './help-desk-commands';
