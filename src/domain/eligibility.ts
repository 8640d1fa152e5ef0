// Whether a pass can be issued for this person now, with EVERY reason it can't (not just the first),
// and what an approver must know though it does not block (warnings). Sources: src/graph/README.md §1 (TAP),
// §2 (policy), §3 (guests), §6 (risk); SECURITY.md (live passes are never replaced silently).
// Who may approve is issuer-rules.ts; restricted-management units are refused there.
import type { GroupFact, TapFact, TapPolicyFacts, TapPolicyTarget, TargetFacts, UserFact } from './facts';
import type { PassSpec } from './request-types';
import { type DomainError, domainError } from './errors';
import { MINUTE_MS, instant, isoAt } from './time';

export type WarningCode =
  /** A usable or not-yet-valid pass exists; a new one replaces it. params: expiresAt, startsAt, state ('usable' | 'not-yet-valid'). */
  | 'target.live-pass'
  /** The target's passes could not be read, so a live one may be replaced unseen. params: reason. */
  | 'target.tap-unknown'
  /** Identity Protection could not be asked (permission, licence, fault) or hides the level. params: reason, need (the permission or licence, when known). */
  | 'target.risk-unknown'
  /** PIM for Groups eligibility was not readable (permission not granted): an eligible member of a privileged group would not be seen. params: need. */
  | 'target.group-eligibility-unknown'
  /** Medium (or high, when not refused) user risk that is still open. params: level, state. */
  | 'target.elevated-risk';

export interface Warning {
  code: WarningCode;
  params?: Record<string, string | number>;
}

export interface Eligibility {
  eligible: boolean;
  refusals: DomainError[];
  warnings: Warning[];
}

export interface EligibilityOptions {
  /** Refuse targets at high user risk that is still open (else only warn), and targets whose risk could not be read. */
  refuseHighRisk: boolean;
}

/** A start this far in the past still counts as "now": clock skew, and the minutes a form stays open. */
export const START_GRACE_MINUTES = 5;

const OPEN_RISK_STATES: readonly string[] = ['atRisk', 'confirmedCompromised'];

export type ExternalReason = 'invitation' | 'self-service-sign-up' | 'federated-identity';

/**
 * Who signs in with another organisation, so that Entra will not give them a pass here. Microsoft's TAP
 * doc allows a pass for an *internal* guest (userType Guest, credentials in this tenant) and refuses it
 * to external guests ("Temporary Access Pass cannot be added to an external guest user.",
 * learn.microsoft.com/entra/identity/authentication/howto-authentication-temporary-access-pass). The doc
 * is silent on B2B *members* (userType Member, invited); we follow the rule Entra's own support guidance
 * uses to tell external from internal users (the one behind convertExternalToInternalMemberUser): an
 * invited user is external while a guest, while the invitation is unredeemed (PendingAcceptance: the
 * account has no credential of its own), or while they sign in with a federated identity (their home
 * tenant: a pass here would never be asked for). An invited user converted to internal (identities back
 * to userPrincipalName) is internal. Self-service sign-up is always external. The emulator applies the
 * same rule on create (test/harness/emulator/temporary-access-passes.ts); a test holds the two together.
 */
export function externalReason(user: UserFact): ExternalReason | null {
  const federated = user.identitySignInTypes.some((t) => t.toLowerCase() === 'federated');
  if (user.creationType === 'SelfServiceSignUp') return 'self-service-sign-up';
  if (user.creationType === 'Invitation') {
    const external = user.userType === 'Guest' || user.externalUserState === 'PendingAcceptance' || federated;
    return external ? 'invitation' : null;
  }
  return federated ? 'federated-identity' : null;
}

type PolicyHit = { via: 'all' } | { via: 'user' } | { via: 'group'; group: GroupFact };

/** Whether a policy target list names this person: all users, the user, or a group they are in (transitively). */
function policyHit(list: TapPolicyTarget[], target: TargetFacts): PolicyHit | null {
  const id = (t: TapPolicyTarget) => t.id.toLowerCase();
  if (list.some((t) => id(t) === 'all_users')) return { via: 'all' };
  if (list.some((t) => t.targetType !== 'group' && id(t) === target.user.id.toLowerCase())) return { via: 'user' };
  const group = target.groups.find((g) => list.some((t) => t.targetType !== 'user' && id(t) === g.id.toLowerCase()));
  return group ? { via: 'group', group } : null;
}

function policyRefusals(target: TargetFacts, policy: TapPolicyFacts): DomainError[] {
  if (policy.state !== 'enabled') return [domainError('target.policy-disabled')];
  // Exclusion wins over inclusion (src/graph/README.md §2); once excluded, being included is beside the point.
  const excluded = policyHit(policy.excludeTargets, target);
  if (excluded) {
    return [
      domainError('target.excluded-by-policy', {
        via: excluded.via === 'group' ? 'group' : 'user',
        groupId: excluded.via === 'group' ? excluded.group.id : undefined,
        group: excluded.via === 'group' ? excluded.group.displayName : undefined,
      }),
    ];
  }
  return policyHit(policy.includeTargets, target) ? [] : [domainError('target.not-in-policy')];
}

function passRefusals(policy: TapPolicyFacts, pass: PassSpec, now: Date): DomainError[] {
  const refusals: DomainError[] = [];
  const { minimumLifetimeInMinutes: min, maximumLifetimeInMinutes: max } = policy;
  const lifetime = pass.lifetimeInMinutes;
  if (!Number.isInteger(lifetime) || lifetime < min || lifetime > max) {
    refusals.push(
      domainError('pass.lifetime-out-of-bounds', { min, max, requested: Number.isFinite(lifetime) ? lifetime : String(lifetime) }),
    );
  }
  // Graph refuses a multi-use pass when the policy forces one-time use (src/graph/README.md §1).
  if (policy.isUsableOnce && !pass.isUsableOnce) refusals.push(domainError('pass.multi-use-not-allowed'));
  if (pass.startDateTime !== null) {
    const start = instant(pass.startDateTime);
    if (start === null) refusals.push(domainError('pass.start-invalid', { startDateTime: pass.startDateTime }));
    else if (start < now.getTime() - START_GRACE_MINUTES * MINUTE_MS)
      refusals.push(domainError('pass.start-in-past', { startDateTime: pass.startDateTime }));
  }
  return refusals;
}

/** When a pass stops working: start (or creation) plus its lifetime; null if Graph gave no usable time. */
export function passExpiresAt(tap: TapFact): string | null {
  const start = instant(tap.startDateTime) ?? instant(tap.createdDateTime);
  return start === null ? null : isoAt(start + tap.lifetimeInMinutes * MINUTE_MS);
}

/** A pass that works now, or will: a new one would replace it (one TAP per user, src/graph/README.md §1). */
export function isLivePass(tap: TapFact): boolean {
  return tap.isUsable || tap.methodUsabilityReason.toLowerCase() === 'notyetvalid';
}

function groupEligibilityWarnings(target: TargetFacts): Warning[] {
  const eligibility = target.groupEligibility;
  if (!eligibility || eligibility.known || eligibility.reason !== 'permission') return [];
  return [
    { code: 'target.group-eligibility-unknown', params: { need: eligibility.need ?? 'PrivilegedEligibilitySchedule.Read.AzureADGroup' } },
  ];
}

function passWarnings(target: TargetFacts): Warning[] {
  if (!target.tap.known) return [{ code: 'target.tap-unknown', params: { reason: target.tap.reason } }];
  const tap = target.tap.value;
  if (!tap || !isLivePass(tap)) return [];
  const params: Record<string, string> = {
    state: tap.isUsable ? 'usable' : 'not-yet-valid',
    startsAt: tap.startDateTime || tap.createdDateTime,
  };
  const expiresAt = passExpiresAt(tap);
  if (expiresAt) params.expiresAt = expiresAt;
  return [{ code: 'target.live-pass', params }];
}

function riskFindings(target: TargetFacts, options: EligibilityOptions): { refusals: DomainError[]; warnings: Warning[] } {
  if (!target.risk.known) {
    const params: Record<string, string> = { reason: target.risk.reason, ...(target.risk.need ? { need: target.risk.need } : {}) };
    // Fail closed: a refusal rule that cannot see the risk must not let a high-risk account through. A tenant
    // without the P2 licence has no Identity Protection risk to refuse on (health says REFUSE_HIGH_RISK can't apply).
    if (options.refuseHighRisk && target.risk.reason !== 'licence')
      return { refusals: [domainError('target.risk-unreadable', params)], warnings: [] };
    return { refusals: [], warnings: [{ code: 'target.risk-unknown', params }] };
  }
  const risk = target.risk.value;
  if (!risk) return { refusals: [], warnings: [] };
  if (risk.riskLevel === 'hidden') return { refusals: [], warnings: [{ code: 'target.risk-unknown', params: { reason: 'hidden' } }] };
  if (!OPEN_RISK_STATES.includes(risk.riskState)) return { refusals: [], warnings: [] };
  const params = { level: risk.riskLevel, state: risk.riskState };
  if (risk.riskLevel === 'high' && options.refuseHighRisk) {
    return { refusals: [domainError('target.high-risk', { riskLevel: risk.riskLevel, riskState: risk.riskState })], warnings: [] };
  }
  const elevated = risk.riskLevel === 'high' || risk.riskLevel === 'medium' || risk.riskState === 'confirmedCompromised';
  return { refusals: [], warnings: elevated ? [{ code: 'target.elevated-risk', params }] : [] };
}

/**
 * Every reason a pass cannot be issued for `target` under `policy` now, and the warnings an approver
 * must see. `target` null means the account was not found; the pass itself is still checked.
 */
export function checkEligibility(
  target: TargetFacts | null,
  policy: TapPolicyFacts,
  pass: PassSpec,
  now: Date,
  options: EligibilityOptions,
): Eligibility {
  const refusals: DomainError[] = [];
  const warnings: Warning[] = [];
  if (target === null) {
    refusals.push(domainError('target.not-found'));
    if (policy.state !== 'enabled') refusals.push(domainError('target.policy-disabled'));
  } else {
    if (!target.user.accountEnabled) refusals.push(domainError('target.disabled'));
    const external = externalReason(target.user);
    if (external) refusals.push(domainError('target.external-guest', { reason: external }));
    const risk = riskFindings(target, options);
    refusals.push(...risk.refusals, ...policyRefusals(target, policy));
    warnings.push(...passWarnings(target), ...groupEligibilityWarnings(target), ...risk.warnings);
  }
  refusals.push(...passRefusals(policy, pass, now));
  return { eligible: refusals.length === 0, refusals, warnings };
}

/** What a request form starts with: the policy's default lifetime (within its bounds), one-time use, start now. */
export function defaultPassSpec(policy: TapPolicyFacts): PassSpec {
  const { defaultLifetimeInMinutes: preferred, minimumLifetimeInMinutes: min, maximumLifetimeInMinutes: max } = policy;
  return { lifetimeInMinutes: Math.min(Math.max(preferred, min), max), isUsableOnce: true, startDateTime: null };
}
