// Once its job is done, the pass goes: the person registered a sign-in method after the pass started,
// so TAP Desk offers to remove it. Pure rules: which method counts, and the three transitions of
// `followUp` on an issued request (found → person told → pass removed). decide() calls these.
import type { MethodFact, TapFact } from './facts';
import type { IssuedRequest, PassFollowUp, PersonRef, TapRequest } from './request-types';
import { type Result, fail, ok } from './errors';

/** A claimed offer whose notice never went out (the instance stopped) is claimed again after this long. */
export const FOLLOW_UP_RECLAIM_MS = 60_000;

/** Methods that are "a new way to sign in". A password (reset or set) and the pass itself are not. */
const NOT_A_NEW_METHOD: ReadonlySet<string> = new Set(['temporaryAccessPass', 'password', 'other']);

/**
 * The earliest method registered since the pass started, or null. `createdDateTime` is what Graph gives
 * (not on every method type: a method without it cannot be told apart from an old one, so it is skipped).
 */
export function methodRegisteredAfter(request: IssuedRequest, methods: readonly MethodFact[]): MethodFact | null {
  const started = Date.parse(request.issued.startDateTime || request.issued.createdDateTime);
  const fresh = methods
    .filter((m) => !NOT_A_NEW_METHOD.has(m.kind) && m.createdDateTime !== null && Date.parse(m.createdDateTime) >= started)
    .sort((a, b) => Date.parse(a.createdDateTime as string) - Date.parse(b.createdDateTime as string));
  return fresh[0] ?? null;
}

/**
 * Graph's read of the pass: is it this request's pass, still there, and was it used? v1.0 tells use only
 * through `methodUsabilityReason: OneTimeUsed` (a one-time pass); `lastUsedDateTime` is beta's
 * (https://learn.microsoft.com/graph/api/resources/temporaryaccesspassauthenticationmethod).
 */
export function passSeen(request: IssuedRequest, tap: TapFact | null): { present: boolean; used: boolean; usedAt: string | null } {
  if (!tap || tap.id.toLowerCase() !== request.issued.id.toLowerCase()) return { present: false, used: false, usedAt: null };
  return {
    present: true,
    used: tap.methodUsabilityReason === 'OneTimeUsed' || Boolean(tap.lastUsedDateTime),
    usedAt: tap.lastUsedDateTime ?? null,
  };
}

export type FollowUpCommand =
  /** The sweeper saw the method (claims sending the offer; again only when a claim went stale). `present` false: the pass is already gone. */
  | { type: 'follow-up'; method: PassFollowUp['method']; used: boolean; usedAt: string | null; present: boolean }
  /** The person's chat has the offer. */
  | { type: 'follow-up-sent' }
  /** The person removed their pass from the offer (reason 'done'). */
  | { type: 'pass-removed'; by: PersonRef };

function notIssued(request: TapRequest, command: FollowUpCommand): Result<TapRequest> {
  return fail('request.not-pending', { status: request.status, command: command.type });
}

export function decideFollowUp(request: TapRequest, command: FollowUpCommand, now: Date): Result<TapRequest> {
  if (request.status !== 'issued') return notIssued(request, command);
  const at = now.toISOString();
  const current = request.followUp;
  switch (command.type) {
    case 'follow-up': {
      if (current) {
        const stale =
          current.notifiedAt === null &&
          current.removedAt === null &&
          now.getTime() - Date.parse(current.offeredAt) >= FOLLOW_UP_RECLAIM_MS;
        if (!stale) return fail('follow-up.already-offered', { offeredAt: current.offeredAt });
        return ok({ ...request, followUp: { ...current, offeredAt: at } });
      }
      const followUp: PassFollowUp = {
        method: command.method,
        passUsed: command.used,
        passUsedAt: command.usedAt,
        offeredAt: at,
        // Nothing to offer when the pass is already gone: recorded as removed, nobody is messaged.
        notifiedAt: command.present ? null : at,
        removedAt: command.present ? null : at,
        removedBy: null,
      };
      return ok({ ...request, followUp });
    }
    case 'follow-up-sent':
      if (!current || current.notifiedAt !== null) return fail('follow-up.already-offered', { offeredAt: current?.offeredAt });
      return ok({ ...request, followUp: { ...current, notifiedAt: at } });
    case 'pass-removed':
      if (!current) return fail('follow-up.not-offered');
      if (current.removedAt !== null) return fail('follow-up.already-removed', { removedAt: current.removedAt });
      if (command.by.id.toLowerCase() !== request.target.id.toLowerCase()) return fail('follow-up.not-holder');
      return ok({ ...request, followUp: { ...current, removedAt: at, removedBy: command.by } });
  }
}
