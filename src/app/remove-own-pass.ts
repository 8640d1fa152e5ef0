// The person removes their own pass: "Remove my pass" on the offer once its job is done (reason
// 'done'), or "This wasn't me" (reason 'not-me', which also alerts the help desk). The card names only
// the request; the clicker is the activity's aadObjectId and must be the person the pass is for. Only
// this request's pass is deleted, never a newer one. The delete takes the same path as "This wasn't me"
// today: the issuing admin's token while this instance holds it, else the app's own rights.
import type { TapRequest } from '../domain/request-types';
import type { Versioned } from './ports';
import type { UseCaseDeps } from './deps';
import type { Actor } from './actor';
import { type Problem, problem } from './errors';
import { toProblem } from './shared';
import { writeDecision } from './write';
import { auditRequest } from './audit';
import { withRequestId } from '../log-context';

export type RemovalReason = 'not-me' | 'done';

const AUDIT_ACTION: Record<RemovalReason, string> = { done: 'pass.removed-done', 'not-me': 'pass.reported-not-me' };

export type RemoveOwnOutcome =
  | { kind: 'not-found'; problem: Problem }
  /** removed: deleted now; false: this request's pass was already gone. */
  | { kind: 'removed'; request: TapRequest; removed: boolean }
  | { kind: 'failed'; request: TapRequest; problem: Problem };

export async function removeOwnPass(
  deps: UseCaseDeps,
  actor: Actor,
  requestId: string,
  reason: RemovalReason,
  alert: ((request: TapRequest) => Promise<void>) | null = null,
): Promise<RemoveOwnOutcome> {
  const stored = await deps.stores.requests.get(requestId);
  if (!stored || stored.value.target.id.toLowerCase() !== actor.id.toLowerCase()) {
    return { kind: 'not-found', problem: problem('request.not-found', { id: requestId }) };
  }
  const request = stored.value;
  return withRequestId(request.id, async () => {
    try {
      if (request.status !== 'issued') return { kind: 'removed', request, removed: false };
      const passId = request.issued.id;
      const writer = deps.approverSessions?.writerFor(request.approval.by.id) ?? deps.directory;
      let removed = false;
      try {
        const live = (await deps.directory.listPasses(request.target.id)).some((p) => p.id.toLowerCase() === passId.toLowerCase());
        if (live) {
          await writer.deletePass(request.target.id, passId);
          removed = true;
        }
      } catch (error) {
        const cause = toProblem(error);
        await auditRequest(deps, request, AUDIT_ACTION[reason], personOf(actor), cause.code).catch(() => undefined);
        return { kind: 'failed', request, problem: cause };
      }
      await auditRequest(deps, request, AUDIT_ACTION[reason], personOf(actor), removed ? 'ok' : 'already-gone', { passId });
      deps.logger.info({ requestId: request.id, passId, reason, removed }, 'own pass removed');
      const recorded = reason === 'done' ? await recordRemoval(deps, stored as Versioned<TapRequest>, actor) : request;
      return { kind: 'removed', request: recorded, removed };
    } finally {
      if (alert) await alert(request).catch(() => undefined);
    }
  });
}

function personOf(actor: Actor) {
  return { id: actor.id, displayName: actor.name };
}

/** The offer's outcome on the request (CAS, once more on a lost race); every copy of its cards then says so. */
async function recordRemoval(deps: UseCaseDeps, stored: Versioned<TapRequest>, actor: Actor): Promise<TapRequest> {
  const by = stored.value.target;
  let current = stored;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const done = await writeDecision(deps, current, { type: 'pass-removed', by: { ...by, id: actor.id } });
    if (done.ok) {
      await deps.notifier.requestChanged(done.stored.value, 'pass-removed').catch(() => undefined);
      return done.stored.value;
    }
    if (!done.lostRace) return done.current;
    const again = await deps.stores.requests.get(stored.value.id);
    if (!again) return done.current;
    current = again;
  }
  return current.value;
}
