// The approval card as one approver may see it: actionable only when the approval rule (the same one
// approve() applies, domain checkApproval) would let them approve right now, with the reasons if not.
import type { TargetFacts } from '../../domain/facts';
import type { EvidenceNeed } from '../../domain/evidence';
import type { VerificationMethod } from '../../domain/request-types';
import { type RequestView, viewOf } from '../kernel/request-view';
import type { Warning } from '../../domain/eligibility';
import { checkApproval, isApprovable, passUnderWayFor } from '../../domain/request';
import { type RequiredRole, requiredRoleFor } from '../../domain/issuer-rules';
import { type Problem, problem } from '../kernel/errors';
import { type UseCaseDeps, faceCheckOffered } from '../kernel/deps';
import { dropTokenIfNoIssuingRole } from '../sign-in/held-approver-token';

export type ReviewOutcome =
  | { kind: 'not-found'; problem: Problem }
  /**
   * Decided, issued, expired…: shown read-only. passUnderWay: this clicker's own pass is being created or may be
   * on their screen (a second click must leave their card alone).
   */
  | { kind: 'closed'; request: RequestView; passUnderWay: boolean }
  /**
   * needs: the least role that can serve this target (the approval card says it), null when the target was not found.
   * actionable: they may decide (deny, and approve once the evidence is there); canApprove: the evidence policy is met
   * for the method given, or for some method (evidence: what it wants, null when the target was not found).
   */
  | {
      kind: 'open';
      request: RequestView;
      actionable: boolean;
      canApprove: boolean;
      evidence: EvidenceNeed | null;
      facts: TargetFacts | null;
      needs: RequiredRole | null;
      problems: Problem[];
      warnings: Warning[];
    };

export async function reviewApproval(
  deps: UseCaseDeps,
  input: {
    requestId: string;
    actorId: string;
    verification?: VerificationMethod;
    /**
     * Called once the stored request exists and could take an approval, before the live check: work the caller
     * wants beside that check (Approve: the sign-in link), whatever the check then says.
     */
    whenApprovable?: () => void;
  },
): Promise<ReviewOutcome> {
  const stored = await deps.stores.requests.get(input.requestId);
  if (!stored) return { kind: 'not-found', problem: problem('request.not-found', { id: input.requestId }) };
  const request = stored.value;
  if (!isApprovable(request)) return { kind: 'closed', request: viewOf(request), passUnderWay: passUnderWayFor(request, input.actorId) };
  input.whenApprovable?.();
  const facts = await deps.directory.decisionFacts({ targetId: request.target.id, actorId: input.actorId });
  if (!facts.actor || !facts.target) {
    return {
      kind: 'open',
      request: viewOf(request),
      actionable: false,
      canApprove: false,
      evidence: null,
      facts: null,
      needs: null,
      problems: [problem('target.not-found', { query: request.target.userPrincipalName })],
      warnings: [],
    };
  }
  const options = {
    refuseHighRisk: deps.config.refuseHighRisk,
    evidencePolicy: deps.config.evidencePolicy,
    faceCheckOffered: faceCheckOffered(deps),
  };
  const check = checkApproval(request, facts.actor, facts.target, facts.policy, deps.clock.now(), options, input.verification);
  dropTokenIfNoIssuingRole(
    deps,
    input.actorId,
    check.refusals.map((r) => r.code),
  );
  const actionable = check.refusals.length === 0;
  return {
    kind: 'open',
    request: viewOf(request),
    actionable,
    canApprove: actionable && check.evidenceShort === null,
    evidence: check.evidence,
    facts: facts.target,
    needs: requiredRoleFor(facts.target),
    // What the evidence policy still wants is said only to someone who may act on it.
    problems: actionable && check.evidenceShort ? [check.evidenceShort] : check.refusals,
    warnings: check.warnings,
  };
}
