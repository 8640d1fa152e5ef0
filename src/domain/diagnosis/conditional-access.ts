// Conditional Access: the policy that failed in a recent sign-in (named, with its grant control in plain
// words), and the enabled policies that target the person (src/graph/README.md §7–§8).
import type { AppliedPolicyFact, ConditionalAccessPolicyFact } from './facts';
import { type GrantControl, grantControl, joinWords, requirementWords } from './text';
import { type Context, type Failure, activeFailure, isLatest, requestClause } from './context';
import { type Offer, type Ranked, finding, unknownBecause } from './finding';
import { failureEvidence } from './signins';

/** Which control to talk about when a policy has several: the one most likely to have failed. */
const PRIORITY: readonly GrantControl[] = [
  'block',
  'compliantDevice',
  'domainJoinedDevice',
  'approvedApplication',
  'compliantApplication',
  'passwordChange',
  'authenticationStrength',
  'mfa',
  'termsOfUse',
];

const FROM_CODE: Partial<Record<string, GrantControl>> = {
  'ca-compliant-device': 'compliantDevice',
  'ca-domain-joined': 'domainJoinedDevice',
  'ca-approved-app': 'approvedApplication',
  'ca-blocked': 'block',
  'ca-password-change': 'passwordChange',
};

interface Advice {
  id: string;
  title: string;
  nextStep: (ctx: Context, f: Failure) => string;
  offer: Offer;
}

const HELP_DESK = 'Contact the help desk and tell them what you were trying to reach and from which device.';

const ADVICE: Record<GrantControl, Advice> = {
  compliantDevice: {
    id: 'ca.compliant-device',
    title: 'A compliant device is required',
    nextStep: (_ctx, f) =>
      f.signIn?.deviceDetail.isManaged
        ? 'Open Company Portal on this device and check its status: it says what to fix. Or sign in from a compliant device.'
        : 'Enroll this device in Intune (install Company Portal and sign in there), or sign in from a compliant device.',
    offer: 'contact-help-desk',
  },
  domainJoinedDevice: {
    id: 'ca.domain-joined',
    title: 'A company PC is required',
    nextStep: () => "Sign in from a company PC joined to your organisation's domain.",
    offer: 'contact-help-desk',
  },
  approvedApplication: {
    id: 'ca.approved-app',
    title: 'An approved app is required',
    nextStep: () =>
      'Use the Microsoft app for this (for example Outlook or Teams from the app store) instead of a built-in or third-party app.',
    offer: 'contact-help-desk',
  },
  compliantApplication: {
    id: 'ca.compliant-app',
    title: 'A protected app is required',
    nextStep: () =>
      'Use the Microsoft app for this (for example Outlook or Teams from the app store) instead of a built-in or third-party app.',
    offer: 'contact-help-desk',
  },
  block: { id: 'ca.blocked', title: 'A Conditional Access policy blocks you', nextStep: () => HELP_DESK, offer: 'contact-help-desk' },
  passwordChange: {
    id: 'ca.password-change',
    title: 'A password change is required',
    nextStep: () => 'Change your password when the sign-in page asks (after completing MFA).',
    offer: 'contact-help-desk',
  },
  authenticationStrength: {
    id: 'ca.auth-strength',
    title: 'A stronger sign-in method is required',
    nextStep: (ctx) =>
      `Sign in with a passkey, security key or Windows Hello. If you haven't set one up, ${requestClause(ctx, 'ask for a Temporary Access Pass to do it')}`,
    offer: 'request-pass',
  },
  mfa: {
    id: 'ca.mfa',
    title: 'Multifactor authentication is required',
    nextStep: (ctx) =>
      `Complete the MFA prompt. If you no longer have your phone or security key, ${requestClause(ctx, 'ask for a Temporary Access Pass')}`,
    offer: 'request-pass',
  },
  termsOfUse: {
    id: 'ca.terms-of-use',
    title: 'You need to accept the terms of use',
    nextStep: () => 'Accept the terms of use when they are shown.',
    offer: 'contact-help-desk',
  },
  other: {
    id: 'ca.failed',
    title: 'A Conditional Access policy stopped the sign-in',
    nextStep: () => HELP_DESK,
    offer: 'contact-help-desk',
  },
};

function isCaFailure(f: Failure): boolean {
  return (
    f.kind.startsWith('ca-') ||
    f.signIn?.conditionalAccessStatus === 'failure' ||
    (f.signIn?.appliedConditionalAccessPolicies ?? []).some((p) => p.result === 'failure')
  );
}

function controlOf(f: Failure, failed: AppliedPolicyFact[]): GrantControl {
  const fromCode = FROM_CODE[f.kind];
  if (fromCode) return fromCode;
  const controls = failed.flatMap((p) => p.enforcedGrantControls.map(grantControl));
  return PRIORITY.find((c) => controls.includes(c)) ?? 'other';
}

function deviceSentence(f: Failure, control: GrantControl): string {
  const device = f.signIn?.deviceDetail;
  if (control !== 'compliantDevice' && control !== 'domainJoinedDevice') return '';
  if (!device)
    return control === 'compliantDevice'
      ? ' A compliant device is one your organisation manages (for example through Intune) and that meets its rules.'
      : '';
  const what = [device.browser, device.operatingSystem].filter(Boolean).join(' on ') || 'this device';
  const meaning =
    control === 'compliantDevice'
      ? ' A compliant device is one your organisation manages (for example through Intune) and that meets its rules.'
      : '';
  if (device.isCompliant === false)
    return `${meaning} You signed in with ${what}, which ${device.isManaged ? "your organisation manages but hasn't marked compliant" : "isn't managed by your organisation"}.`;
  return meaning;
}

/** When the sign-in doesn't name the policy: the enabled policies that target the person with this control. */
function candidates(ctx: Context, control: GrantControl): ConditionalAccessPolicyFact[] {
  const ca = ctx.facts.conditionalAccess;
  if (!ca.known || control === 'other') return [];
  return ca.value.filter(
    (p) =>
      p.state === 'enabled' &&
      p.targetsUser &&
      !legacyOnly(p) &&
      (p.grantControls?.builtInControls ?? []).some((c) => grantControl(c) === control),
  );
}

export function caFailureCheck(ctx: Context): Ranked | null {
  const failure = activeFailure(ctx, isCaFailure);
  if (!failure) return null;
  const applied = failure.signIn?.appliedConditionalAccessPolicies ?? null;
  const failed = (applied ?? []).filter((p) => p.result === 'failure');
  const control = controlOf(failure, failed);
  const advice = ADVICE[control];
  const names = failed.map((p) => `"${p.displayName}"`);
  const guesses = names.length > 0 ? [] : candidates(ctx, control).map((p) => `"${p.displayName}"`);
  const policyWords =
    names.length > 0
      ? `The policy ${joinWords(names)}`
      : guesses.length > 0
        ? `A Conditional Access policy (probably ${joinWords(guesses, 'or')})`
        : applied === null && !failure.reported
          ? "A Conditional Access policy (TAP Desk isn't allowed to see which)"
          : 'A Conditional Access policy';
  const requirement =
    failed.length > 0
      ? requirementWords(failed.flatMap((p) => p.enforcedGrantControls))
      : requirementWords(control === 'other' ? [] : [control]);
  const latest = isLatest(ctx, failure);
  return finding(advice.id, latest ? 'problem' : 'warning', latest ? 78 : 42, {
    title: advice.title,
    headline: `${policyWords.charAt(0).toLowerCase()}${policyWords.slice(1)} ${requirement}`,
    explanation: `${policyWords} ${requirement}, and your sign-in didn't meet it.${deviceSentence(failure, control)}`,
    nextStep: advice.nextStep(ctx, failure),
    evidence:
      failureEvidence(failure, ctx.now) +
      (failed.length > 0
        ? ` Failed: ${failed.map((p) => `${p.displayName} (${p.enforcedGrantControls.join(', ') || 'no grant control'})`).join('; ')}.`
        : ''),
    offer: advice.offer,
  });
}

/** Exchange ActiveSync and "other clients" are the legacy-authentication client types. */
function legacyOnly(policy: ConditionalAccessPolicyFact): boolean {
  const types = policy.clientAppTypes.map((t) => t.toLowerCase());
  return types.length > 0 && types.every((t) => t === 'exchangeactivesync' || t === 'other');
}

/** "(only for older apps that use legacy sign-in)" when a policy is limited to some client apps. */
function clientAppWords(policy: ConditionalAccessPolicyFact): string {
  const types = policy.clientAppTypes.map((t) => t.toLowerCase());
  if (types.length === 0 || types.includes('all')) return '';
  if (legacyOnly(policy)) return ' (only for older apps that use legacy sign-in)';
  return ` (only for: ${policy.clientAppTypes.join(', ')})`;
}

export function caTargetingCheck(ctx: Context, caFailureFound: boolean): Ranked {
  const ca = ctx.facts.conditionalAccess;
  if (!ca.known) {
    return finding('ca.unknown', 'unknown', 25, {
      title: "Couldn't check Conditional Access policies",
      explanation: unknownBecause(ca.reason, 'Conditional Access policies', 'Policy.Read.ConditionalAccess'),
    });
  }
  const targeting = ca.value.filter((p) => p.state === 'enabled' && p.targetsUser);
  if (targeting.length === 0) {
    return finding('ca.none', 'ok', 5, {
      title: 'No Conditional Access policy names you',
      explanation: 'No enabled Conditional Access policy includes you (directly, through a group or a role).',
    });
  }
  const lines = targeting.map(
    (p) => `- ${p.displayName}: ${requirementWords(p.grantControls?.builtInControls ?? [], p.grantControls?.operator)}${clientAppWords(p)}`,
  );
  const symptom = ctx.facts.symptom;
  // Legacy-only policies don't touch a browser or a current app, so they don't explain a symptom.
  const modern = targeting.filter((p) => !legacyOnly(p));
  const mfaPolicies = modern.filter((p) =>
    (p.grantControls?.builtInControls ?? []).some((c) => ['mfa', 'authenticationStrength'].includes(grantControl(c))),
  );
  const count = `${targeting.length} Conditional Access polic${targeting.length === 1 ? 'y applies' : 'ies apply'} to you`;
  const title = count.charAt(0).toUpperCase() + count.slice(1);
  const list = lines.join('\n');
  if (caFailureFound) return finding('ca.targets', 'ok', 5, { title, explanation: list });
  if (symptom === 'mfa-cannot-complete' && mfaPolicies.length > 0) {
    const names = joinWords(mfaPolicies.map((p) => `"${p.displayName}"`));
    return finding('ca.targets', 'warning', 35, {
      title,
      headline: `${names} requires multifactor authentication (MFA) from you`,
      explanation: `${list}\nMFA is asked for because of ${names}.`,
      nextStep: 'Complete the MFA prompt, or if you no longer have your phone or key, get a Temporary Access Pass to set up a new one.',
    });
  }
  if (symptom === 'blocked-by-policy' && ctx.facts.signIns.known) {
    // Good news rather than a cause: listed right after the summary, not as "most likely".
    return finding('ca.targets', 'ok', 50, {
      title,
      headline: 'no Conditional Access block shows in your recent sign-ins',
      explanation: `${list}\nWe found no Conditional Access block in your sign-ins of the last 24 hours. If the message mentioned "User Credential Policy", it's about your pass: see the pass checks.`,
      nextStep: 'Note the exact message and any error code (it starts with AADSTS) and tell the help desk, or tell me the code.',
    });
  }
  return finding('ca.targets', 'ok', 5, { title, explanation: list });
}
