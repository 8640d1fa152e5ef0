// Whether a pass can be issued for this person now, with every reason it can't (not just the first),
// and what an approver must know (warnings). Source: FACTS.md §1–§3, SECURITY.md.
import type { TapPolicyFacts, TargetFacts } from './facts';
import type { PassSpec } from './request-types';
import type { DomainError } from './errors';

export interface Warning {
  code: 'target.live-pass' | 'target.risk-unknown' | 'target.elevated-risk';
  params?: Record<string, string | number>;
}

export interface Eligibility {
  eligible: boolean;
  refusals: DomainError[];
  warnings: Warning[];
}

/** A start time this far in the past still counts as "now" (clock skew, slow form filling). */
const START_GRACE_MS = 5 * 60_000;

/** External users: invited or self-signed-up, or signing in with another identity provider (FACTS.md §3). */
export function isExternalGuest(target: TargetFacts): boolean {
  const u = target.user;
  return u.creationType === 'Invitation' || u.creationType === 'SelfServiceSignUp' || u.identitySignInTypes.includes('federated');
}

function targets(list: TapPolicyFacts['includeTargets'], target: TargetFacts): boolean {
  const groupIds = new Set(target.groups.map((g) => g.id));
  return list.some((t) => t.id === 'all_users' || t.id === target.user.id || groupIds.has(t.id));
}

export function defaultPassSpec(policy: TapPolicyFacts): PassSpec {
  return { lifetimeInMinutes: policy.defaultLifetimeInMinutes, isUsableOnce: true, startDateTime: null };
}

export function checkEligibility(
  target: TargetFacts,
  policy: TapPolicyFacts,
  pass: PassSpec,
  now: Date,
  options: { refuseHighRisk: boolean },
): Eligibility {
  const refusals: DomainError[] = [];
  const warnings: Warning[] = [];
  if (!target.user.accountEnabled) refusals.push({ code: 'target.disabled' });
  if (isExternalGuest(target)) refusals.push({ code: 'target.external-guest' });
  if (policy.state !== 'enabled') refusals.push({ code: 'target.policy-disabled' });
  else if (targets(policy.excludeTargets, target)) refusals.push({ code: 'target.excluded-by-policy' });
  else if (!targets(policy.includeTargets, target)) refusals.push({ code: 'target.not-in-policy' });

  const { minimumLifetimeInMinutes: min, maximumLifetimeInMinutes: max } = policy;
  if (!Number.isInteger(pass.lifetimeInMinutes) || pass.lifetimeInMinutes < min || pass.lifetimeInMinutes > max) {
    refusals.push({ code: 'pass.lifetime-out-of-bounds', params: { min, max } });
  }
  if (policy.isUsableOnce && !pass.isUsableOnce) refusals.push({ code: 'pass.multi-use-not-allowed' });
  if (pass.startDateTime !== null) {
    const start = Date.parse(pass.startDateTime);
    if (Number.isNaN(start) || start < now.getTime() - START_GRACE_MS) refusals.push({ code: 'pass.start-in-past' });
  }

  if (!target.risk.known) warnings.push({ code: 'target.risk-unknown' });
  else if (target.risk.value) {
    const { riskLevel, riskState } = target.risk.value;
    const atRisk = riskState === 'atRisk' || riskState === 'confirmedCompromised';
    if (riskLevel === 'high' && atRisk && options.refuseHighRisk) refusals.push({ code: 'target.high-risk' });
    else if ((riskLevel === 'high' || riskLevel === 'medium') && atRisk) warnings.push({ code: 'target.elevated-risk', params: { level: riskLevel } });
  }
  if (target.tap.known && target.tap.value) {
    const tap = target.tap.value;
    const live = tap.isUsable || tap.methodUsabilityReason === 'NotYetValid';
    if (live) {
      const start = Date.parse(tap.startDateTime || tap.createdDateTime);
      warnings.push({ code: 'target.live-pass', params: { expiresAt: new Date(start + tap.lifetimeInMinutes * 60_000).toISOString() } });
    }
  }
  return { eligible: refusals.length === 0, refusals, warnings };
}
