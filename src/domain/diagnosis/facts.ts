// What "Why can't I sign in?" reasons from: the person's TargetFacts plus the few extra records only the
// diagnosis needs (sign-in log entries, Conditional Access policies) and what the person told us.
// The Graph adapter builds these (graph/diagnosis-mapper.ts); diagnosis.ts is a pure function of them.
import type { Known, TapPolicyFacts, TargetFacts } from '../facts';

export interface SignInDevice {
  operatingSystem: string | null;
  browser: string | null;
  isCompliant: boolean | null;
  isManaged: boolean | null;
}

/** One entry of a sign-in's `appliedConditionalAccessPolicies`. */
export interface AppliedPolicyFact {
  id: string;
  displayName: string;
  /** As the sign-in log spells them, e.g. `RequireCompliantDevice`, `Mfa`, `Block`. */
  enforcedGrantControls: string[];
  /** `success` | `failure` | `notApplied` | `notEnabled` | `unknown` | report-only values. */
  result: string;
}

/** One sign-in log entry (src/graph/README.md §7). */
export interface SignInFact {
  createdDateTime: string;
  /** 0 means success. */
  errorCode: number;
  failureReason: string | null;
  appDisplayName: string | null;
  clientAppUsed: string | null;
  deviceDetail: SignInDevice;
  conditionalAccessStatus: string | null;
  /**
   * null when Graph left the list out: it does so unless the caller may read Conditional Access data,
   * which is not the same as "no policy applied" (an empty list).
   */
  appliedConditionalAccessPolicies: AppliedPolicyFact[] | null;
  /** "Munich, Bavaria, DE" and the IP address, for the help desk; absent when Graph gave none. */
  location?: string | null;
  ipAddress?: string | null;
}

export interface GrantControlsFact {
  operator: 'AND' | 'OR';
  /** Policy spelling: `block`, `mfa`, `compliantDevice`, `domainJoinedDevice`, `approvedApplication`, `compliantApplication`, `passwordChange`, plus `authenticationStrength` / `termsOfUse` when set. */
  builtInControls: string[];
}

/** A Conditional Access policy as it concerns one person. */
export interface ConditionalAccessPolicyFact {
  id: string;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced' | string;
  /** Computed by the adapter: included (All, the user, a group or role they hold) and not excluded. */
  targetsUser: boolean;
  /** e.g. `all`, `browser`, `mobileAppsAndDesktopClients`, `exchangeActiveSync`, `other`. */
  clientAppTypes: string[];
  grantControls: GrantControlsFact | null;
}

/** What the person picked when asked what they see. */
export type Symptom =
  'no-tap-prompt' | 'tap-not-accepted' | 'locked-out' | 'mfa-cannot-complete' | 'blocked-by-policy' | 'other' | 'unknown';

/** The choices the guided exchange offers, in the order shown ('unknown' is "didn't say"). */
export const SYMPTOM_CHOICES: ReadonlyArray<{ symptom: Exclude<Symptom, 'unknown'>; label: string }> = [
  { symptom: 'no-tap-prompt', label: "I'm not asked for my Temporary Access Pass" },
  { symptom: 'tap-not-accepted', label: 'My Temporary Access Pass is not accepted' },
  { symptom: 'locked-out', label: 'It says my account is locked' },
  { symptom: 'mfa-cannot-complete', label: "I'm asked for MFA I can't complete" },
  { symptom: 'blocked-by-policy', label: "It says I'm blocked by a policy" },
  { symptom: 'other', label: 'Something else' },
];

export function isSymptom(value: unknown): value is Symptom {
  return value === 'unknown' || SYMPTOM_CHOICES.some((c) => c.symptom === value);
}

export interface DiagnosisFacts {
  target: TargetFacts;
  policy: Known<TapPolicyFacts>;
  /** Sign-ins of the last 24 hours (successes too), newest first. */
  signIns: Known<SignInFact[]>;
  conditionalAccess: Known<ConditionalAccessPolicyFact[]>;
  symptom: Symptom;
  /** What they are trying to reach, in their words ("Outlook on my iPhone", "the VPN"). */
  reaching: string | null;
  /** An AADSTS code they saw, without the prefix. */
  reportedCode: number | null;
}
