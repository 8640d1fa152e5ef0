// The use cases bound to their dependencies: all the Teams adapter may call. The ports stay in here:
// handlers get outcomes, never stores, the directory or the Graph client.
import type { UseCaseDeps } from './deps';
import type { Actor } from './actor';
import type { TapRequest } from '../domain/request-types';
import { isSymptom } from '../domain/diagnosis/diagnosis-facts';
import { parseAadstsCode } from '../domain/aadsts';
import type { FileRequestInput } from './request-pass';
import { approve, cancel, deny, handOver, reveal, type ApproveInput, type DecisionOutcome } from './decide-request';
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
  reportNotMe,
  requestStatus,
  revokePass,
  statusOfPerson,
  type Subject,
} from './help-desk-commands';
import { diagnoseSignIn } from './diagnose';
import { approverSignedIn, signInApprover } from './approver-sign-in';
import { sweep } from './sweeper';
import { health } from './health';
import { withRequestId } from '../log-context';
import { toProblem } from './shared';

/** A refused approval comes back with the card as this approver may now see it (the same rule, re-read). */
export type ApprovalOutcome = Exclude<DecisionOutcome, { kind: 'refused' }> | (Extract<DecisionOutcome, { kind: 'refused' }> & { review: ReviewOutcome | null });

export function createUseCases(deps: UseCaseDeps) {
  async function withReview(outcome: DecisionOutcome, actorId: string): Promise<ApprovalOutcome> {
    if (outcome.kind !== 'refused') return outcome;
    return { ...outcome, review: outcome.request ? await reviewApproval(deps, { requestId: outcome.request.id, actorId }) : null };
  }

  return {
    openRequestForm: (prefill: { typed: string } | { targetId: string }) => openRequestForm(deps, prefill),
    submitRequest: (input: FileRequestInput | null) => submitRequest(deps, input),
    myRequests: (actor: Actor) => myRequests(deps, actor),
    involvedRequest: (actor: Actor, requestId: string) => involvedRequest(deps, actor, requestId),

    // Everything logged while deciding on a request carries its id (log-context.ts).
    reviewApproval: (input: { requestId: string; actor: Actor }) =>
      withRequestId(input.requestId, () => reviewApproval(deps, { requestId: input.requestId, actorId: input.actor.id })),
    approve: (input: Omit<ApproveInput, 'actorId' | 'asApprover'> & { actor: Actor }) =>
      withRequestId(input.requestId, async () => {
        // Delegated issuance: the approver's own on-behalf-of writes, when this instance holds them.
        const asApprover = deps.config.passIssuance === 'delegated' ? (deps.approverSessions?.writerFor(input.actor.id) ?? null) : null;
        const { actor, ...rest } = input;
        return withReview(await approve(deps, { ...rest, actorId: actor.id, asApprover }), actor.id);
      }),
    deny: (input: { requestId: string; actor: Actor; reason: string }) =>
      withRequestId(input.requestId, async () => withReview(await deny(deps, { requestId: input.requestId, actorId: input.actor.id, reason: input.reason }), input.actor.id)),
    reveal: (input: { requestId: string; actor: Actor }) => withRequestId(input.requestId, () => reveal(deps, input)),
    cancel: (input: { requestId: string; actor: Actor }) => withRequestId(input.requestId, () => cancel(deps, input)),
    handOver: (input: { requestId: string; actor: Actor }) => withRequestId(input.requestId, () => handOver(deps, input)),

    approverSignedIn: (actor: Actor) => approverSignedIn(deps, actor.id),
    signInApprover: (actor: Actor, token: string) => signInApprover(deps, actor.id, token),

    requestStatus: (actor: Actor, requestId: string) => requestStatus(deps, actor, requestId),
    statusOfPerson: (actor: Actor, subject: Subject) => statusOfPerson(deps, actor, subject),
    pendingRequests: (actor: Actor) => pendingRequests(deps, actor),
    revokePass: (actor: Actor, subject: Subject) => revokePass(deps, actor, subject),
    auditOf: (actor: Actor, subject: { requestId: string } | { query: string }) => auditOf(deps, actor, subject),
    exportAudit: (actor: Actor, range: string) => exportAudit(deps, actor, range),
    exportAuditFile: (actor: Actor, from: string, to: string) => exportAuditFile(deps, actor, from, to),
    reportNotMe: (actor: Actor, requestId: string, alert: (request: TapRequest) => Promise<void>) => reportNotMe(deps, actor, requestId, alert),
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
