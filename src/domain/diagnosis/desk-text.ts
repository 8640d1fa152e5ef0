// The help desk's copy of every finding: third person, with the person's first name, saying what the
// agent can do now and what to tell the person. The person's own copy (second person) is written
// where each check is; this table covers every finding id, and a test holds it to that.
import type { Finding } from './finding';

export type Audience = 'person' | 'help-desk';

export interface DeskText {
  title: string;
  explanation: string;
  /** What the agent does now, and what to tell the person. */
  nextStep: string | null;
  headline?: string;
}

type Writer = (name: string, person: Finding) => DeskText;

const ENTRA_USER = 'Entra admin center › Users ›';
const SIGN_IN_LOG =
  'Entra admin center › Monitoring › Sign-in logs (filter on their name; the Conditional Access and Authentication details tabs say which step failed)';
const REQUEST_FOR_THEM = 'Request a pass for them below, and read it to them on a verified call.';
const NO_PASS_NOW = "A pass can't be issued for them right now: see the other findings.";
const NO_TAP = "A Temporary Access Pass won't help here.";

const unknown =
  (what: string): Writer =>
  (name, p) => ({
    title: `Couldn't check ${name}'s ${what}`,
    explanation: thirdPerson(p.explanation.replace(/\byour organisation's\b/g, "the organisation's")),
    nextStep: `Check it by hand in the Entra admin center, or grant TAP Desk the permission named above.`,
  });

const ok =
  (title: (name: string) => string, explanation: (name: string) => string): Writer =>
  (name) => ({ title: title(name), explanation: explanation(name), nextStep: null });

/** Every finding the diagnosis can produce, by id. */
export const DESK_TEXT = {
  'account.disabled': (n) => ({
    title: `${n}'s account is disabled`,
    headline: `${n}'s account is disabled`,
    explanation: `Sign-in is turned off for ${n}'s account, so no password, MFA or pass works. ${NO_TAP}`,
    nextStep: `If ${n} should work here, enable the account in ${ENTRA_USER} ${n} › Edit properties › Account enabled, then tell them to sign in again in a few minutes. If it was disabled on purpose (leaver, security), don't enable it: escalate.`,
  }),
  'account.re-enabled': (n) => ({
    title: `${n}'s account was disabled at the last attempt`,
    headline: `${n}'s account was disabled at the last attempt and has been enabled since`,
    explanation: 'The account is enabled now; the change can take a few minutes to reach every sign-in server.',
    nextStep: `Tell ${n} to wait a few minutes and try again.`,
  }),
  'account.enabled': ok(
    (n) => `${n}'s account is enabled`,
    () => 'Sign-in is allowed for this account.',
  ),
  'account.external-guest': (n, p) => ({
    title: `${n} is an external guest`,
    headline: `${n} is an external guest — their home organisation handles their sign-in`,
    explanation: `${n} signs in with an account of another organisation, which handles their password, MFA and lockouts. Entra can't add a Temporary Access Pass to an external guest.${/accepted your invitation/.test(p.explanation) ? ` ${n} hasn't accepted the invitation yet.` : ''}`,
    nextStep: `Tell ${n} to contact their own organisation's IT help desk for password or MFA trouble (or to accept the invitation email first). Only if this organisation's apps alone refuse them is it ours to look at (Conditional Access, guest settings).`,
  }),
  'account.internal-guest': ok(
    (n) => `${n} is a guest with this organisation's credentials`,
    () => "This organisation's sign-in methods, a Temporary Access Pass included, apply.",
  ),
  'account.member': ok(
    (n) => `${n} is a member of this organisation`,
    () => "This organisation's sign-in rules apply.",
  ),
  'signin.blocked-ip': (n) => ({
    title: `${n}'s sign-in was blocked because of the network used`,
    headline: `${n}'s sign-in was blocked because it came from a network with malicious activity`,
    explanation: `Entra blocked the sign-in because the IP address has malicious activity on record. It isn't about the password. ${NO_TAP}`,
    nextStep: `Tell ${n} to try from another network (mobile data rather than public Wi-Fi). If it keeps happening, check the IP in the sign-in log and the Identity Protection reports.`,
  }),
  'signin.locked-out': (n) => ({
    title: `${n}'s account is locked (smart lockout)`,
    headline: `${n}'s account is locked after wrong passwords`,
    explanation: `Entra smart lockout locked ${n}'s account after wrong passwords. It lifts by itself; more wrong attempts lengthen it. ${NO_TAP}`,
    nextStep: `Tell ${n} to stop trying for a few minutes, then sign in once, carefully. If they forgot the password, reset it in ${ENTRA_USER} ${n} › Reset password, or send them https://aka.ms/sspr. If the wrong passwords weren't theirs, treat it as an attack: check the sign-in log for where they came from.`,
  }),
  'lockout.none': ok(
    (n) => `No lockout on ${n}'s account now`,
    () => 'The sign-in log shows no lockout that still applies.',
  ),
  'lockout.unknown': unknown('lockouts'),
  'password.expired': (n) => ({
    title: `${n}'s password has expired`,
    headline: `${n}'s password has expired`,
    explanation: `${n}'s password expired, so sign-in stops until a new one is set. ${NO_TAP}`,
    nextStep: `Reset it in ${ENTRA_USER} ${n} › Reset password (on-premises AD for synced accounts), or send ${n} the SSPR link https://aka.ms/sspr. Tell them to choose a new password when the sign-in page asks.`,
  }),
  'password.wrong': (n, p) => ({
    title: `Wrong password for ${n} ${/\(([^)]*)\)/.exec(p.title)?.[0] ?? ''}`.trim(),
    headline: `${n}'s password was wrong ${/\(([^)]*)\)/.exec(p.title)?.[0] ?? ''}`.trim(),
    explanation: `Sign-ins for ${n} were refused because the username or password was wrong. Too many lock the account. ${NO_TAP}`,
    nextStep: `Tell ${n} to check Caps Lock and the keyboard language and stop guessing. If they forgot it, reset it in ${ENTRA_USER} ${n} › Reset password or send them https://aka.ms/sspr.`,
  }),
  'password.changed': (n) => ({
    title: `${n}'s sessions ended after a password change`,
    headline: `${n}'s session ended because the password changed`,
    explanation: `${n}'s password was changed, reset or expired, so apps signed in with the old one were signed out.`,
    nextStep: `Tell ${n} to sign in again with the current password.`,
  }),
  'password.ok': ok(
    (n) => `No password errors for ${n}`,
    () => 'No wrong or expired password in the last 24 hours.',
  ),
  'password.unknown': unknown('password errors'),
  'signin.mfa-registration-required': (n) => ({
    title: `${n} must register for MFA`,
    headline: `${n} has to set up multifactor authentication (MFA) first`,
    explanation: `Entra asks ${n} to register an MFA method before signing in, and ${n} didn't finish.`,
    nextStep: `Tell ${n} to follow the prompts to add Microsoft Authenticator or a passkey. If they can't: ${REQUEST_FOR_THEM}`,
  }),
  'signin.mfa-not-completed': (n, p) => ({
    title: `${n} didn't complete multifactor authentication`,
    headline: `${n} didn't complete multifactor authentication (MFA)`,
    explanation: `The MFA step failed or wasn't finished.${/pass has been issued/.test(p.explanation) ? ' A pass has been issued for them since.' : ''}${/Registered: .*/.exec(p.explanation)?.[0] ? ` ${/Registered: .*/.exec(p.explanation)?.[0]}` : ''}`,
    nextStep: /pass has been issued/.test(p.explanation)
      ? `Tell ${n} to sign in with the pass and set up a new method.`
      : `Ask ${n} whether they still have the phone or key. If not: ${REQUEST_FOR_THEM}`,
  }),
  'mfa.cannot-complete': (n) => ({
    title: `${n} can't complete multifactor authentication`,
    headline: `${n} can't complete multifactor authentication (MFA)`,
    explanation: `${n} says MFA can't be completed (lost or replaced phone or key). A Temporary Access Pass lets them sign in and register a new one.`,
    nextStep: `Verify it is really ${n} (call back on a known number), then request a pass for them below.`,
  }),
  'signins.unknown': unknown('recent sign-ins'),
  'signins.no-failures': ok(
    (n) => `No failed sign-ins for ${n} in the last 24 hours`,
    () => 'The sign-in log shows no failure in the last 24 hours.',
  ),
  'signins.recent-failures': (n, p) => ({
    title: p.title.replace(/^(\d+ failed sign-ins?)/, `$1 for ${n}`),
    headline: p.title.replace(/^(\d+ failed sign-ins?)/, `$1 for ${n}`),
    explanation: p.explanation.replace(/\nYou signed in successfully/, `\n${n} signed in successfully`),
    nextStep: `Open each one in ${SIGN_IN_LOG}.`,
  }),
  'signin.unknown-code': (n, p) => ({
    title: `${n}'s sign-in failed with a code TAP Desk doesn't know`,
    headline: `${n}'s sign-in failed with a code TAP Desk doesn't know`,
    explanation: p.explanation,
    nextStep: `Look the code up at https://login.microsoftonline.com/error and open the failed sign-in in ${SIGN_IN_LOG}.`,
  }),
  'signin.error': (n, p) => ({
    title: `${n}'s sign-in failed: ${p.title.replace(/^Your sign-in failed with /, '')}`,
    headline: `${n}'s sign-in failed with ${p.title.replace(/^Your sign-in failed with /, '')}`,
    explanation: p.explanation
      .replace(/\byour\b/g, 'their')
      .replace(/\bYour\b/g, 'Their')
      .replace(/\byou\b/g, 'they')
      .replace(/\bYou\b/g, 'They'),
    nextStep: `Open the failed sign-in in ${SIGN_IN_LOG}, then tell ${n} what to change.`,
  }),
  'ca.compliant-device': caDesk(
    'a compliant device',
    (n) =>
      `Check the device in Intune (Devices › All devices, ${n}'s device): it says which compliance rule fails. Tell ${n} to open Company Portal on it, or to sign in from a compliant device.`,
  ),
  'ca.domain-joined': caDesk(
    'a company PC joined to the domain',
    (n) => `Tell ${n} to sign in from a domain-joined company PC; check the device's join type in Entra › Devices.`,
  ),
  'ca.approved-app': caDesk(
    'an approved client app',
    (n) => `Tell ${n} to use the Microsoft app (Outlook, Teams) instead of a built-in or third-party one.`,
  ),
  'ca.compliant-app': caDesk(
    'an app protected by an app protection policy',
    (n) => `Tell ${n} to use the Microsoft app (Outlook, Teams) covered by the app protection policy.`,
  ),
  'ca.blocked': caDesk(
    '',
    (n) =>
      `Decide whether ${n} should be excluded or the location/app allowed; only a Conditional Access administrator can change the policy. ${NO_TAP}`,
  ),
  'ca.password-change': caDesk(
    'a password change',
    (n) => `Tell ${n} to change the password when asked after MFA, or reset it in ${ENTRA_USER} ${n} › Reset password.`,
  ),
  'ca.auth-strength': caDesk(
    'a phishing-resistant method',
    (n) => `If ${n} has no passkey, security key or Windows Hello yet: ${REQUEST_FOR_THEM}`,
  ),
  'ca.mfa': caDesk('multifactor authentication', (n) => `If ${n} no longer has the phone or key: ${REQUEST_FOR_THEM}`),
  'ca.terms-of-use': caDesk('accepting the terms of use', (n) => `Tell ${n} to accept the terms of use when they are shown.`),
  'ca.failed': caDesk(
    'a condition they did not meet',
    (n) => `Open the sign-in in ${SIGN_IN_LOG} to see which condition failed, then tell ${n} what to change.`,
  ),
  'ca.unknown': unknown('Conditional Access policies'),
  'ca.none': ok(
    (n) => `No Conditional Access policy names ${n}`,
    () => 'No enabled Conditional Access policy includes them (directly, through a group or a role).',
  ),
  'ca.targets': (n, p) => ({
    title: p.title.replace(/to you$/, `to ${n}`),
    headline: p.title.replace(/to you$/, `to ${n}`),
    explanation:
      p.explanation
        .split('\n')
        .filter((l) => l.startsWith('- '))
        .join('\n') || p.explanation,
    nextStep: null,
  }),
  'risk.unknown': unknown('Identity Protection risk'),
  'risk.none': ok(
    (n) => `No open Identity Protection risk for ${n}`,
    () => "Identity Protection doesn't flag the account.",
  ),
  'risk.low': ok(
    (n) => `Identity Protection rates ${n} at low risk`,
    () => 'On its own this rarely stops a sign-in.',
  ),
  'risk.medium': (n) => ({
    title: `Identity Protection rates ${n} at medium risk`,
    explanation: 'Risk-based Conditional Access may ask for MFA or a password change.',
    nextStep: `Review ${n}'s risky sign-ins in Entra › Protection › Risky users; if the activity was theirs, confirm it safe or dismiss the risk.`,
  }),
  'risk.high': (n) => ({
    title: `Identity Protection rates ${n} at high risk`,
    headline: `Identity Protection rates ${n} at high risk`,
    explanation: 'Someone else may know the password. Sign-in may be blocked, and TAP Desk refuses a pass until the risk is handled.',
    nextStep: `Review ${n} in Entra › Protection › Risky users. If it was them, confirm safe or dismiss the risk, then reset the password; if not, treat it as compromised.`,
  }),
  'risk.compromised': (n) => ({
    title: `${n}'s account is marked as compromised`,
    headline: `${n}'s account is marked as compromised`,
    explanation: 'An administrator confirmed the account as compromised: sign-in and new passes stay blocked until it is secured.',
    nextStep: `Follow the compromised-account runbook: reset the password, revoke sessions (${ENTRA_USER} ${n} › Revoke sessions), review methods, then dismiss the risk. Only then issue a pass.`,
  }),
  'methods.unknown': unknown('registered sign-in methods'),
  'methods.home-organisation': ok(
    (n) => `${n}'s sign-in methods are kept by their home organisation`,
    () => 'As an external guest they use the methods of their own organisation.',
  ),
  'methods.none': (n, p) => ({
    title: `${n} has no sign-in methods yet`,
    headline: `${n} has no sign-in methods yet — a Temporary Access Pass is how they set them up`,
    explanation: `No password, authenticator, passkey or other method is registered${/never been used/.test(p.explanation) ? ', and the account has never signed in' : ''}.`,
    nextStep: /Use your pass/.test(p.nextStep ?? '')
      ? `${n} already has a pass: tell them to add a method at https://aka.ms/mysecurityinfo.`
      : REQUEST_FOR_THEM,
  }),
  'methods.password-only': (n, p) => ({
    title: `${n} has only a password`,
    headline: `${n} has only a password, so MFA may be impossible`,
    explanation: 'No authenticator app, passkey or phone is registered, so MFA prompts cannot be answered.',
    nextStep: /Use your pass/.test(p.nextStep ?? '')
      ? `${n} already has a pass: tell them to add a method at https://aka.ms/mysecurityinfo.`
      : `Tell ${n} to add Microsoft Authenticator at https://aka.ms/mysecurityinfo; if they can't sign in to do it: ${REQUEST_FOR_THEM}`,
  }),
  'methods.ok': (n, p) => ({ title: `${n} has sign-in methods registered`, explanation: p.explanation, nextStep: null }),
  'tap-policy.unknown': unknown('Temporary Access Pass policy'),
  'tap-policy.disabled': (n) => ({
    title: 'Temporary Access Passes are turned off',
    explanation: `The Temporary Access Pass method is disabled in the authentication methods policy, so no pass can be issued or used for ${n}.`,
    nextStep: `Help ${n} another way, or ask an Authentication Policy Administrator to enable it (Entra › Protection › Authentication methods › Temporary Access Pass).`,
  }),
  'tap-policy.excluded': (n, p) => ({
    title: `${n} is excluded from Temporary Access Passes`,
    headline: `${n} is excluded from Temporary Access Passes${/\(group "[^"]*"\)/.exec(p.title)?.[0] ?? ''}`,
    explanation: `${p.explanation.match(/"[^"]*"/)?.[0] ? `The Temporary Access Pass policy excludes the group ${p.explanation.match(/"[^"]*"/)?.[0]}, and ${n} is in it.` : `The Temporary Access Pass policy excludes ${n}.`} No pass can be issued, and an earlier one won't be accepted.`,
    nextStep: `Help ${n} another way, or review the exclusion in Entra › Protection › Authentication methods › Temporary Access Pass.`,
  }),
  'tap-policy.not-included': (n) => ({
    title: `${n} isn't included in the Temporary Access Pass policy`,
    headline: `${n} isn't included in the Temporary Access Pass policy`,
    explanation: `The policy allows passes only for some users and groups, and ${n} isn't among them.`,
    nextStep: `Help ${n} another way, or add them to an included group (Entra › Protection › Authentication methods › Temporary Access Pass).`,
  }),
  'tap-policy.in-scope': (n, p) => ({
    title: `Temporary Access Passes are available for ${n}`,
    explanation: p.explanation.replace('includes you', `includes ${n}`),
    nextStep: null,
  }),
  'tap.none': (n, p) => ({
    title: `${n} has no Temporary Access Pass`,
    headline: `${n} has no Temporary Access Pass (any earlier one was removed or replaced)`,
    explanation:
      p.status === 'ok'
        ? 'Normal: a pass is only needed to set up a new method.'
        : 'No pass is on the account now: never issued, deleted or replaced. The sign-in page asks for a pass only when there is a valid one.',
    nextStep: p.status === 'ok' ? null : REQUEST_FOR_THEM,
  }),
  'tap.replication-delay': (n, p) => ({
    title: `${n}'s pass is brand new`,
    headline: `${n}'s pass is brand new and may need a few more minutes to work`,
    explanation: p.explanation.replace(/^Your pass/, `${n}'s pass`).replace(/\bIt's valid\b/, 'It is valid'),
    nextStep: `Tell ${n} to wait a few minutes, then try again.`,
  }),
  'tap.not-verified': (n) => ({
    title: `${n}'s pass wasn't accepted`,
    headline: `the pass ${n} entered wasn't accepted — probably mistyped`,
    explanation: 'Entra holds a valid pass for them but could not verify the one entered.',
    nextStep: `Tell ${n} to type it again carefully. If it still fails, revoke it and request a new pass for them.`,
  }),
  'tap.usable': (n, p) => ({
    title: `${n} has a pass that works now`,
    headline: `${n} has a pass ready`,
    explanation: p.explanation
      .replace(/^Your pass works now\./, `${n}'s pass works now.`)
      .replace(/after you sign in with it you have/, 'after signing in with it they have')
      .replace(/have your phone or key ready first/, 'their phone or key must be ready first'),
    nextStep: `Tell ${n} to go to https://aka.ms/mysecurityinfo, sign in with the pass and add a new method. If they don't have the pass, revoke this one and request a new one.`,
  }),
  'tap.registration-window': (n) => ({
    title: `${n} is inside the 10-minute registration window`,
    headline: `${n} used the one-time pass and has only minutes left to register`,
    explanation: 'A one-time pass was used; a new method must be registered within 10 minutes of that sign-in.',
    nextStep: `Tell ${n} to finish adding the method at https://aka.ms/mysecurityinfo now. If time runs out, request a new pass for them.`,
  }),
  'tap.one-time-used': (n) => ({
    title: `${n}'s one-time pass has already been used`,
    headline: `${n}'s one-time pass has already been used`,
    explanation: 'The pass worked once and will not be accepted again.',
    nextStep: REQUEST_FOR_THEM,
  }),
  'tap.multi-use-blocked': (n) => ({
    title: `${n}'s pass is multi-use, but only one-time passes are allowed`,
    headline: `${n}'s multi-use pass is blocked: the policy now allows only one-time passes`,
    explanation: 'Entra blocks the pass ("blocked due to User Credential Policy").',
    nextStep: `Revoke it and request a new one-time pass for them.`,
  }),
  'tap.disabled-by-policy': (n, p) => ({
    title: `${n}'s pass is blocked by policy`,
    headline: `${n}'s pass is blocked by the Temporary Access Pass policy`,
    explanation: `Entra won't accept the pass because of the Temporary Access Pass policy. ${p.explanation
      .split('. ')
      .slice(1)
      .join('. ')
      .replace(/\bYou're\b/g, `${n} is`)
      .replace(/\byou are\b/g, `${n} is`)
      .replace(/\byours\b/g, 'theirs')
      .replace(/\byour organisation\b/g, 'the organisation')}`,
    nextStep: `Check ${n}'s scope in Entra › Protection › Authentication methods › Temporary Access Pass, or help them sign in another way.`,
  }),
  'tap.expired': (n) => ({
    title: `${n}'s pass has expired`,
    headline: `${n}'s pass has expired`,
    explanation: 'The Temporary Access Pass is past its lifetime.',
    nextStep: REQUEST_FOR_THEM,
  }),
  'tap.not-yet-valid': (n, p) => ({
    title: `${n}'s pass isn't valid yet`,
    headline: `${n}'s pass isn't valid yet`,
    explanation: p.explanation.replace(/^Your pass/, `${n}'s pass`),
    nextStep: `Tell ${n} when it starts, or revoke it and request a pass that starts now.`,
  }),
  'tap.unusable': (n, p) => ({
    title: `${n}'s pass can't be used`,
    headline: `${n}'s pass can't be used`,
    explanation: p.explanation.replace(/\byour\b/g, 'their').replace(/\bYour\b/g, 'Their'),
    nextStep: `Revoke it and request a new pass for them.`,
  }),
  'tap.unknown': unknown('Temporary Access Pass'),
  'note.nps-adfs': (n) => ({
    title: "A pass doesn't work for VPN, Wi-Fi or AD FS sign-ins",
    headline: `${n} is trying a pass where it can't work (VPN, Wi-Fi/NPS or AD FS)`,
    explanation: "The NPS extension (VPN, Wi-Fi, RADIUS) and the AD FS adapter don't accept a Temporary Access Pass.",
    nextStep: `Tell ${n} to use the pass in a browser at https://aka.ms/mysecurityinfo to set up Microsoft Authenticator, then use that for the VPN or Wi-Fi.`,
  }),
  'note.windows-sign-in': (n) => ({
    title: 'Using a pass on the Windows sign-in screen',
    headline: `${n} needs Web sign-in to use a pass on the Windows sign-in screen`,
    explanation: 'On the Windows sign-in screen a pass works only through Web sign-in (a device policy), meant for new PCs and recovery.',
    nextStep: `Tell ${n} to choose Sign-in options › Web sign-in, or use the pass in a browser. Web sign-in is an Intune setting (Authentication › EnableWebSignIn).`,
  }),
  'note.browser': (n) => ({
    title: `${n}'s browser may not register a security key`,
    headline: `${n}'s browser can't register a new security key`,
    explanation:
      "Safari and Firefox on a Mac, iPhone/iPad browsers, and Firefox or Edge on Linux can't register a security key for Microsoft sign-in.",
    nextStep: `Tell ${n} to use Edge or Chrome on a computer, or to set up Microsoft Authenticator with the pass instead.`,
  }),
  'note.no-tap-prompt': (n) => ({
    title: 'The sign-in page may go straight to the password',
    headline: `the sign-in page may be going straight to ${n}'s password`,
    explanation:
      'With automatic sign-in the pass is behind a link under the password box (a Temporary Access Pass link, or "Other ways to sign in").',
    nextStep: `Tell ${n} to look for that link under the password box.`,
  }),
  'note.interrupt-registration': (n) => ({
    title: "The set-up page after a pass sign-in can't add a security key or phone sign-in",
    headline: `${n} is on the "Keep your account secure" page, which can't add a security key or phone sign-in`,
    explanation:
      'Where a password-reset or MFA registration policy applies, a pass sign-in goes to the "Keep your account secure" set-up first (interrupt mode), and that page can\'t register a security key (FIDO2) or phone sign-in.',
    nextStep: `Tell ${n} to finish that page with a method it offers, such as Microsoft Authenticator, then add the security key or phone sign-in at https://aka.ms/mysecurityinfo (within 10 minutes with a one-time pass). The policies are under Entra admin center › Protection › Password reset › Registration, and Identity Protection › MFA registration policy.`,
  }),
  'nothing-found': (n, p) => ({
    title: p.title.startsWith('Nothing we')
      ? 'Nothing TAP Desk could check explains it'
      : `Nothing on ${n}'s account stops them signing in`,
    headline: p.title.startsWith('Nothing we')
      ? "nothing TAP Desk could check explains it, and some checks couldn't run"
      : `nothing on ${n}'s account is stopping them from signing in`,
    explanation: p.explanation.replace(/^Everything we checked/, 'Everything TAP Desk checked'),
    nextStep: `Ask ${n} for the exact message and AADSTS code, then find the attempt in ${SIGN_IN_LOG}.`,
  }),
} satisfies Record<string, Writer>;

export type FindingId = keyof typeof DESK_TEXT;
export const FINDING_IDS = Object.keys(DESK_TEXT) as FindingId[];

function caDesk(requirement: string, step: (name: string) => string): Writer {
  return (n, p) => {
    const policy =
      /^(The policy "[^"]*"(?: and "[^"]*")*|A Conditional Access policy[^,]*?)(?= (requires|blocks|applies))/.exec(p.explanation)?.[1] ??
      'A Conditional Access policy';
    // An empty requirement is a block: nothing the person does meets it.
    const needs = requirement ? `requires ${requirement}` : 'blocks access';
    return {
      title: requirement ? `Conditional Access requires ${requirement} from ${n}` : `Conditional Access blocks ${n}`,
      headline: `${policy.charAt(0).toLowerCase()}${policy.slice(1)} ${requirement ? `stopped ${n}'s sign-in (needs ${requirement})` : `blocks ${n}`}`,
      explanation: `${policy} ${needs}, and ${n}'s sign-in didn't get past it. Look at the policy by that name in Entra › Protection › Conditional Access.`,
      nextStep: step(n),
    };
  };
}

const PRONOUNS: Array<[RegExp, string]> = [
  [/\b(for|to|with|from|of|at|ask|asks|help|helps|let|lets|tell|tells|flag|flags|lock|locks|refuse|refuses) you\b/g, '$1 them'],
  [/\byou're\b/g, "they're"],
  [/\bYou're\b/g, "They're"],
  [/\byou've\b/g, "they've"],
  [/\byou'll\b/g, "they'll"],
  [/\byourself\b/g, 'themselves'],
  [/\byours\b/g, 'theirs'],
  [/\byour\b/g, 'their'],
  [/\bYour\b/g, 'Their'],
  [/\byou\b/g, 'they'],
  [/\bYou\b/g, 'They'],
];

/**
 * Words carried over from the person's copy (a sign-in log list, an error code's meaning) turned to
 * the third person, and the last guard that no help-desk sentence speaks to the person.
 */
export function thirdPerson(text: string): string {
  return PRONOUNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** The first name the help desk uses: "Sara" of "Sara Davis"; the whole name when there is one word. */
export function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] || displayName;
}

/** The finding as the help desk reads it; evidence (times, apps, codes) is already third person. */
export function forHelpDesk(person: Finding & { headline?: string }, name: string): Finding & { headline: string } {
  const write = (DESK_TEXT as Record<string, Writer>)[person.id];
  const desk = write ? write(name, person) : { title: person.title, explanation: person.explanation, nextStep: person.nextStep };
  // The person's copy knows whether a pass can be issued now (requestStep); the agent's must agree.
  if (desk.nextStep && /can't be issued for you right now/.test(person.nextStep ?? '')) {
    desk.nextStep = desk.nextStep.replace(REQUEST_FOR_THEM, NO_PASS_NOW);
  }
  const evidence =
    person.evidence === undefined ? undefined : thirdPerson(person.evidence.replace(/^You told us you see/, 'They reported'));
  const out: Finding & { headline: string } = {
    id: person.id,
    status: person.status,
    title: thirdPerson(desk.title),
    explanation: thirdPerson(desk.explanation),
    nextStep: desk.nextStep === null ? null : thirdPerson(desk.nextStep),
    headline: thirdPerson(desk.headline ?? desk.title.charAt(0).toLowerCase() + desk.title.slice(1)),
  };
  if (evidence !== undefined) out.evidence = evidence;
  return out;
}
