// Microsoft Graph JSON → the diagnosis facts (sign-in log entries, Conditional Access policies). Pure:
// no I/O; `now` comes in. A read Graph refused becomes `Known` unknown with its reason — sign-in logs
// without an Entra ID P1 licence answer 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`.
/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON is checked field by field here */
import { externalReason } from '../domain/eligibility';
import type { Known, TapPolicyFacts, TargetFacts } from '../domain/facts';
import type {
  AppliedPolicyFact,
  ConditionalAccessPolicyFact,
  DiagnosisFacts,
  GrantControlsFact,
  SignInFact,
  Symptom,
} from '../domain/diagnosis/facts';
import { type Part, UNREADABLE_ROLE, toTapPolicy, unavailable } from './facts-mapper';

export const SIGN_IN_WINDOW_HOURS = 24;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');
const lower = (v: unknown): string => String(v ?? '').toLowerCase();

function unknownOf<T>(part: Part): Known<T> {
  return unavailable(part);
}

function toAppliedPolicy(json: any): AppliedPolicyFact {
  return {
    id: String(json?.id ?? ''),
    displayName: String(json?.displayName ?? ''),
    enforcedGrantControls: strings(json?.enforcedGrantControls),
    result: String(json?.result ?? 'unknown'),
  };
}

/** signIn.location (city, state, countryOrRegion) → "Munich, Bavaria, DE"; null when all are empty. */
function locationWords(location: any): string | null {
  const parts = [location?.city, location?.state, location?.countryOrRegion].map(str).filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(', ') : null;
}

export function toSignInFact(json: any): SignInFact {
  const device = json?.deviceDetail ?? {};
  const status = json?.status ?? {};
  const applied = json?.appliedConditionalAccessPolicies;
  return {
    createdDateTime: String(json?.createdDateTime ?? ''),
    errorCode: Number.isFinite(Number(status.errorCode)) ? Number(status.errorCode) : 0,
    failureReason: str(status.failureReason),
    appDisplayName: str(json?.appDisplayName),
    clientAppUsed: str(json?.clientAppUsed),
    deviceDetail: {
      operatingSystem: str(device.operatingSystem) || null,
      browser: str(device.browser) || null,
      isCompliant: bool(device.isCompliant),
      isManaged: bool(device.isManaged),
    },
    conditionalAccessStatus: str(json?.conditionalAccessStatus),
    // Graph leaves the list out when the caller may not read CA data: that is "not visible", not "none".
    appliedConditionalAccessPolicies: Array.isArray(applied) ? applied.map(toAppliedPolicy) : null,
    location: locationWords(json?.location),
    ipAddress: str(json?.ipAddress) || null,
  };
}

/**
 * `/auditLogs/signIns?$filter=userId eq '…'` → the sign-ins of the last 24 hours, newest first.
 * Takes one part or several (pages of `@odata.nextLink`); any failed page makes the whole log unknown,
 * since a partial log could hide the failure that matters.
 */
export function toSignInFacts(pages: Part | readonly Part[], now: Date, windowHours = SIGN_IN_WINDOW_HOURS): Known<SignInFact[]> {
  const all = Array.isArray(pages) ? pages : [pages as Part];
  const failed = all.find((p) => !p.ok);
  if (failed) return unknownOf(failed);
  const from = now.getTime() - windowHours * 3_600_000;
  const facts = all
    .flatMap((p) => (p.ok ? list(p.body?.value) : []))
    .map(toSignInFact)
    .map((s) => ({ s, at: Date.parse(s.createdDateTime) }))
    .filter(({ at }) => Number.isFinite(at) && at > from && at <= now.getTime())
    .sort((a, b) => b.at - a.at)
    .map(({ s }) => s);
  return { known: true, value: facts };
}

/** Who a Conditional Access policy is evaluated for. */
export interface CaSubject {
  userId: string;
  /** Transitive group ids. */
  groupIds: readonly string[];
  /** Template ids of the directory roles the user holds (active). */
  roleTemplateIds: readonly string[];
  /** Guests and external users match `GuestsOrExternalUsers`. */
  guestOrExternal: boolean;
}

/** The subject from the target's facts: active roles only (PIM-eligible roles don't count until activated). */
export function caSubjectOf(target: TargetFacts): CaSubject {
  const u = target.user;
  return {
    userId: u.id,
    groupIds: target.groups.map((g) => g.id),
    // Any scope: whether CA counts administrative-unit-scoped assignments is not confirmed, and for a
    // diagnosis listing a policy that may apply is safer than hiding one that does.
    roleTemplateIds: target.activeRoles.map((r) => r.roleTemplateId).filter((id) => id !== UNREADABLE_ROLE),
    guestOrExternal: u.userType === 'Guest' || externalReason(u) !== null,
  };
}

function hits(ids: readonly string[], wanted: readonly string[]): boolean {
  const set = new Set(wanted.map(lower));
  return ids.some((id) => set.has(lower(id)));
}

/** Included (All, the user, a group, a role, guests) and not excluded: exclusion always wins. */
export function policyTargets(users: any, subject: CaSubject): boolean {
  const includeUsers = strings(users?.includeUsers).map(lower);
  const excludeUsers = strings(users?.excludeUsers).map(lower);
  const guestsIncluded = includeUsers.includes('guestsorexternalusers') || (users?.includeGuestsOrExternalUsers ?? null) !== null;
  const guestsExcluded = excludeUsers.includes('guestsorexternalusers') || (users?.excludeGuestsOrExternalUsers ?? null) !== null;
  const included =
    includeUsers.includes('all') ||
    includeUsers.includes(lower(subject.userId)) ||
    (subject.guestOrExternal && guestsIncluded) ||
    hits(strings(users?.includeGroups), subject.groupIds) ||
    hits(strings(users?.includeRoles), subject.roleTemplateIds);
  const excluded =
    excludeUsers.includes(lower(subject.userId)) ||
    (subject.guestOrExternal && guestsExcluded) ||
    hits(strings(users?.excludeGroups), subject.groupIds) ||
    hits(strings(users?.excludeRoles), subject.roleTemplateIds);
  return included && !excluded;
}

function toGrantControls(json: any): GrantControlsFact | null {
  if (!json || typeof json !== 'object') return null;
  const controls = strings(json.builtInControls);
  if (json.authenticationStrength) controls.push('authenticationStrength');
  if (strings(json.termsOfUse).length > 0) controls.push('termsOfUse');
  return { operator: json.operator === 'OR' ? 'OR' : 'AND', builtInControls: controls };
}

export function toConditionalAccessPolicyFact(json: any, subject: CaSubject): ConditionalAccessPolicyFact {
  return {
    id: String(json?.id ?? ''),
    displayName: String(json?.displayName ?? ''),
    state: String(json?.state ?? 'disabled'),
    // Computed whatever the state, so a disabled or report-only policy can still be explained.
    targetsUser: policyTargets(json?.conditions?.users, subject),
    clientAppTypes: strings(json?.conditions?.clientAppTypes),
    grantControls: toGrantControls(json?.grantControls),
  };
}

/** `/identity/conditionalAccess/policies` → the policies, each with whether it targets the subject. */
export function toConditionalAccessFacts(part: Part, subject: CaSubject): Known<ConditionalAccessPolicyFact[]> {
  if (!part.ok) return unknownOf(part);
  return { known: true, value: list(part.body?.value).map((p) => toConditionalAccessPolicyFact(p, subject)) };
}

/** The TAP policy part (`…/authenticationMethodConfigurations/TemporaryAccessPass`). */
export function toKnownTapPolicy(part: Part): Known<TapPolicyFacts> {
  return part.ok ? { known: true, value: toTapPolicy(part.body) } : unknownOf(part);
}

export interface DiagnosisParts {
  target: TargetFacts;
  policy: Part;
  signIns: Part | readonly Part[];
  conditionalAccess: Part;
  symptom: Symptom;
  reaching: string | null;
  reportedCode: number | null;
}

export function toDiagnosisFacts(input: DiagnosisParts, now: Date): DiagnosisFacts {
  return {
    target: input.target,
    policy: toKnownTapPolicy(input.policy),
    signIns: toSignInFacts(input.signIns, now),
    conditionalAccess: toConditionalAccessFacts(input.conditionalAccess, caSubjectOf(input.target)),
    symptom: input.symptom,
    reaching: input.reaching,
    reportedCode: input.reportedCode,
  };
}
