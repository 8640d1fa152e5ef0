// isUsable / methodUsabilityReason of a Temporary Access Pass, computed when it is read (src/graph/README.md §1).
export type TapUsabilityReason = 'EnabledByPolicy' | 'DisabledByPolicy' | 'Expired' | 'NotYetValid' | 'OneTimeUsed';

export interface TapTimes {
  createdDateTime: string;
  /** When the pass becomes usable; its lifetime counts from here (or from creation without it). */
  startDateTime?: string | null;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  /** ★ Set when a one-time pass has been used (beta's lastUsedDateTime). */
  lastUsedDateTime?: string | null;
}

export interface TapPolicyView {
  /** The policy is enabled and includes (and does not exclude) the pass's user. */
  appliesToUser: boolean;
  /** The policy forces one-time passes. */
  requiresOneTime: boolean;
}

export interface TapUsability {
  isUsable: boolean;
  methodUsabilityReason: TapUsabilityReason;
}

export function tapWindow(tap: TapTimes): { start: number; end: number } {
  const start = Date.parse(tap.startDateTime || tap.createdDateTime);
  return { start, end: start + tap.lifetimeInMinutes * 60_000 };
}

/**
 * The policy wins over time (a pass the policy no longer allows is DisabledByPolicy even if unexpired,
 * as a multi-use pass is once the policy demands one-time use); a used one-time pass reads OneTimeUsed
 * even after its lifetime ends, since that is what made it unusable first.
 */
export function tapUsability(tap: TapTimes, policy: TapPolicyView, now: Date): TapUsability {
  const { start, end } = tapWindow(tap);
  const at = now.getTime();
  let reason: TapUsabilityReason;
  if (!policy.appliesToUser || (policy.requiresOneTime && !tap.isUsableOnce)) reason = 'DisabledByPolicy';
  else if (tap.isUsableOnce && tap.lastUsedDateTime) reason = 'OneTimeUsed';
  else if (at < start) reason = 'NotYetValid';
  else if (at >= end) reason = 'Expired';
  else reason = 'EnabledByPolicy';
  return { isUsable: reason === 'EnabledByPolicy', methodUsabilityReason: reason };
}
