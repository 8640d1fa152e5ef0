// Orphans: a pass whose create was ambiguous (Graph may have made it, nobody saw it) that this instance cannot settle
// (delegated mode: the app holds no TAP write, and no token of the approver is held here, e.g. the instance that
// approved restarted). The approvals channel gets one card ("A pass for X may exist that nobody holds — Remove it"),
// once across instances (a create-only row), and whoever clicks with the rights to delete it settles it with their
// own token: the same settle() as the sweeper's (read the passes, delete ours, fail the request), one CAS winner.
import type { IssuingRequest, TapRequest, UnknownRequest } from '../../domain/request-types';
import { canIssue } from '../../domain/issuer-rules';
import { type Versioned, StoreConflictError } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import { isUnsettled, settle } from './issue';

const ANNOUNCED = 'orphancard';

export type OrphanReview =
  | { kind: 'may-remove'; request: UnknownRequest | IssuingRequest }
  | { kind: 'settled'; request: TapRequest }
  | { kind: 'refused'; problem: Problem };

export type OrphanRemoval =
  | { kind: 'removed' | 'none-found'; request: TapRequest }
  | { kind: 'not-yet'; problem: Problem }
  | Exclude<OrphanReview, { kind: 'may-remove' }>;

/** Posts the orphan card once for this request, whichever instance gets there first. */
export async function announceOrphan(deps: UseCaseDeps, request: TapRequest): Promise<void> {
  try {
    await deps.stores.kv.put(ANNOUNCED, request.id, { at: deps.clock.now().toISOString() });
  } catch (error) {
    if (error instanceof StoreConflictError) return;
    throw error;
  }
  deps.logger.warn({ requestId: request.id }, 'a pass may exist that nobody holds: asked the approvals channel to remove it');
  await deps.notifier.orphanFound?.(request);
}

/** May this person remove the possible pass of this request now (the issuing role rules on its target)? */
export async function reviewOrphan(deps: UseCaseDeps, actorId: string, requestId: string): Promise<OrphanReview> {
  const stored = await deps.stores.requests.get(requestId);
  if (!stored) return { kind: 'refused', problem: problem('request.not-found', { id: requestId }) };
  const request = stored.value;
  if (!isUnsettled(request, deps.clock.now().getTime())) return { kind: 'settled', request };
  const facts = await deps.directory.decisionFacts({ targetId: request.target.id, actorId });
  if (!facts.actor || !facts.target)
    return { kind: 'refused', problem: problem('target.not-found', { query: request.target.userPrincipalName }) };
  const allowed = canIssue(facts.actor, facts.target, '');
  return allowed.ok ? { kind: 'may-remove', request } : { kind: 'refused', problem: allowed.error };
}

/** Settles the request with the clicker's own rights (delegated: their token; application: the app's). */
export async function removeOrphan(deps: UseCaseDeps, actorId: string, requestId: string): Promise<OrphanRemoval> {
  const review = await reviewOrphan(deps, actorId, requestId);
  if (review.kind !== 'may-remove') return review;
  const writer = deps.config.passIssuance === 'delegated' ? deps.approverSessions?.writerFor(actorId) : deps.directory;
  if (!writer) return { kind: 'not-yet', problem: problem('sso.signin-again') };
  const stored = (await deps.stores.requests.get(requestId)) as Versioned<UnknownRequest | IssuingRequest> | null;
  if (!stored) return { kind: 'refused', problem: problem('request.not-found', { id: requestId }) };
  const outcome = await settle(deps, stored, writer);
  if (outcome.request.status !== 'failed')
    return { kind: 'not-yet', problem: outcome.kind === 'failed' ? outcome.problem : problem('graph.unavailable') };
  return {
    kind: outcome.kind === 'failed' && outcome.problem.code === 'issue.response-lost' ? 'removed' : 'none-found',
    request: outcome.request,
  };
}
