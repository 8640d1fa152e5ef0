// The Temporary Access Pass policy (the TemporaryAccessPass authentication method configuration) and
// the questions Entra asks of it: does it apply to this user, is this lifetime allowed (src/graph/README.md §2).
import { type JsonObject, isObject } from './json';

export interface TapPolicy {
  enabled: boolean;
  defaultLifetimeInMinutes: number;
  defaultLength: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  /** True forces every pass to be one-time. */
  isUsableOnce: boolean;
  includeTargetIds: string[];
  excludeTargetIds: string[];
}

export const TAP_POLICY_ID = 'TemporaryAccessPass';
export const TAP_POLICY_TYPE = '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration';
/** The include target meaning "every user". */
export const ALL_USERS = 'all_users';

/** Entra's default configuration, used when a seed has none (then the method is disabled). */
export const DEFAULT_TAP_CONFIGURATION: Readonly<JsonObject> = Object.freeze({
  '@odata.type': TAP_POLICY_TYPE,
  id: TAP_POLICY_ID,
  state: 'disabled',
  defaultLifetimeInMinutes: 60,
  defaultLength: 8,
  minimumLifetimeInMinutes: 60,
  maximumLifetimeInMinutes: 480,
  isUsableOnce: false,
  includeTargets: [],
  excludeTargets: [],
});

function number(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function targetIds(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .filter(isObject)
        .map((t) => String(t.id ?? '').toLowerCase())
        .filter(Boolean)
    : [];
}

export function tapPolicyFrom(configuration: JsonObject): TapPolicy {
  return {
    enabled: configuration.state === 'enabled',
    defaultLifetimeInMinutes: number(configuration.defaultLifetimeInMinutes, 60),
    defaultLength: Math.min(48, Math.max(8, number(configuration.defaultLength, 8))),
    minimumLifetimeInMinutes: number(configuration.minimumLifetimeInMinutes, 60),
    maximumLifetimeInMinutes: number(configuration.maximumLifetimeInMinutes, 480),
    isUsableOnce: configuration.isUsableOnce === true,
    includeTargetIds: targetIds(configuration.includeTargets),
    excludeTargetIds: targetIds(configuration.excludeTargets),
  };
}

/**
 * Whether the policy applies to a user: enabled, the user (or a group they are in, transitively, or
 * all_users) included, and neither the user nor such a group excluded.
 */
export function policyAppliesTo(policy: TapPolicy, principalIds: readonly string[]): boolean {
  if (!policy.enabled) return false;
  const ids = new Set(principalIds.map((id) => id.toLowerCase()));
  const hit = (targets: string[]) => targets.some((id) => id === ALL_USERS || ids.has(id));
  return hit(policy.includeTargetIds) && !hit(policy.excludeTargetIds);
}

/** Entra's absolute bounds for any pass lifetime, whatever the policy says. */
export const LIFETIME_BOUNDS = Object.freeze({ min: 10, max: 43200 });

export function lifetimeAllowed(policy: TapPolicy, minutes: number): boolean {
  return (
    Number.isInteger(minutes) &&
    minutes >= Math.max(LIFETIME_BOUNDS.min, policy.minimumLifetimeInMinutes) &&
    minutes <= Math.min(LIFETIME_BOUNDS.max, policy.maximumLifetimeInMinutes)
  );
}
