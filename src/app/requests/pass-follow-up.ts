// Once its job is done, the pass goes: the sweeper reads the sign-in methods of people holding a live
// pass, and when one registered a method after the pass started, offers them (1:1) to remove it. Any
// number of instances sweep: the compare-and-swap on the request row lets one of them claim the offer,
// and a claim whose notice never went out (the instance stopped) is claimed again after a minute.
// Only people holding a live pass are read, one call each: Graph advises against walking the whole user
// population with this API (https://learn.microsoft.com/graph/api/authentication-list-methods).
import type { IssuedRequest, TapRequest } from '../../domain/request-types';
import { viewOf } from '../kernel/request-view';
import { methodRegisteredAfter, passSeen } from '../../domain/pass-follow-up';
import { DirectoryError, type Versioned } from '../kernel/ports';
import type { UseCaseDeps } from '../kernel/deps';
import { writeDecision } from '../kernel/write';
import { auditRequest } from '../kernel/audit';

/** An issued request whose pass may still be live and whose follow-up is not finished. */
export function needsFollowUp(request: TapRequest, now: number): request is IssuedRequest {
  if (request.status !== 'issued' || Date.parse(request.issued.expiresAt) <= now) return false;
  return !request.followUp || (request.followUp.notifiedAt === null && request.followUp.removedAt === null);
}

/** One request: true when this instance sent the offer. Graph refusing the read (permission not granted) skips it quietly. */
export async function followUpOne(deps: UseCaseDeps, current: Versioned<IssuedRequest>): Promise<boolean> {
  const request = current.value;
  let claim: Parameters<typeof writeDecision>[2];
  if (request.followUp) {
    // A stale claim: the method is known, the offer is claimed again (decide refuses while it is fresh).
    const f = request.followUp;
    claim = { type: 'follow-up', method: f.method, used: f.passUsed, usedAt: f.passUsedAt, present: true };
  } else {
    let read: Awaited<ReturnType<UseCaseDeps['directory']['signInMethods']>>;
    try {
      read = await deps.directory.signInMethods(request.target.id);
    } catch (error) {
      // Without UserAuthenticationMethod.Read.All this one feature is off (health says so); nothing else changes.
      if (error instanceof DirectoryError && (error.status === 403 || error.status === 401)) return false;
      throw error;
    }
    const method = methodRegisteredAfter(request, read.methods);
    if (!method) return false;
    const seen = passSeen(request, read.tap);
    claim = {
      type: 'follow-up',
      method: { kind: method.kind, displayName: method.displayName, registeredAt: method.createdDateTime as string },
      used: seen.used,
      usedAt: seen.usedAt,
      present: seen.present,
    };
  }
  const claimed = await writeDecision(deps, current, claim);
  if (!claimed.ok) return false; // another instance has it, or it is fresh
  const stored = claimed.stored as Versioned<IssuedRequest>;
  const followUp = stored.value.followUp!;
  if (!request.followUp) {
    await auditRequest(deps, stored.value, 'pass.method-registered', null, followUp.removedAt ? 'pass-gone' : 'offered', {
      method: followUp.method.kind,
      registeredAt: followUp.method.registeredAt,
      passUsed: String(followUp.passUsed),
    }).catch((error: unknown) => deps.logger.warn({ err: error, requestId: request.id }, 'could not audit the follow-up'));
  }
  if (followUp.removedAt !== null) {
    await deps.notifier.requestChanged(viewOf(stored.value), 'follow-up').catch(() => undefined);
    return false;
  }
  const delivered = await deps.notifier.offerRemoval(stored.value).catch((error: unknown) => {
    deps.logger.warn({ err: error, requestId: request.id }, 'could not send the offer to remove the pass');
    return null;
  });
  if (delivered === null) return false; // the claim goes stale; a later sweep (any instance) tries again
  let sent = await writeDecision(deps, stored, { type: 'follow-up-sent' });
  if (!sent.ok && sent.lostRace) {
    // Another change landed meanwhile (a hand-over): record the notice on the row as it is now, or it would be sent again.
    const now = await deps.stores.requests.get(request.id);
    if (now) sent = await writeDecision(deps, now, { type: 'follow-up-sent' });
  }
  await deps.notifier.requestChanged(viewOf(sent.ok ? sent.stored.value : stored.value), 'follow-up').catch(() => undefined);
  if (!delivered) deps.logger.info({ requestId: request.id }, 'no chat with the person: the offer to remove the pass is on the cards only');
  return delivered;
}
