// What the sign-in log of the last 24 hours says: lockout, password, MFA, and any other error code
// (explained with the AADSTS table; a code we don't know is shown as unknown, never guessed).
import { type CodeKind, codeLabel } from '../aadsts';
import type { SignInFact } from './facts';
import { clock, relative, timeOfDay } from './text';
import { instant } from '../time';
import { type Context, type Failure, activeFailure, hasKind, isLatest, requestClause, requestStep } from './context';
import { type Ranked, finding, unknownBecause } from './finding';

const SIGN_IN_LOGS = ['sign-in logs', 'AuditLog.Read.All'] as const;

/** "Microsoft Teams in Edge 131.0.0 on Windows 11". */
export function deviceWords(s: SignInFact): string {
  const { browser, operatingSystem } = s.deviceDetail;
  const where = [browser ? `in ${browser}` : null, operatingSystem ? `on ${operatingSystem}` : null].filter(Boolean).join(' ');
  return [s.appDisplayName ?? 'an app', where].filter(Boolean).join(' ');
}

/** "from Munich, Bavaria, DE, IP 203.0.113.7": where a sign-in came from, when Graph said. */
export function whereWords(s: SignInFact): string {
  const parts = [s.location ? `from ${s.location}` : null, s.ipAddress ? `IP ${s.ipAddress}` : null].filter(Boolean);
  return parts.join(', ');
}

/** "Sign-in today at 09:30 UTC (Microsoft Teams in Edge on Windows 11, from Munich, DE, IP 203.0.113.7) failed with AADSTS53000 (DeviceNotCompliant)." */
export function failureEvidence(f: Failure, now: Date): string {
  if (f.reported) return `You told us you see ${codeLabel(f.code)}.`;
  const device = f.signIn ? ` (${[deviceWords(f.signIn), whereWords(f.signIn)].filter(Boolean).join(', ')})` : '';
  return `Sign-in ${clock(f.iso, now)}${device} failed with ${codeLabel(f.code)}.`;
}

export function lockoutCheck(ctx: Context): Ranked {
  const locked = activeFailure(ctx, hasKind(['locked']));
  if (locked) {
    const malicious = /malicious/i.test(locked.signIn?.failureReason ?? '');
    if (malicious) {
      return finding('signin.blocked-ip', 'problem', 89, {
        title: 'Sign-in was blocked because of the network you used',
        headline: 'sign-in was blocked because it came from a network with malicious activity',
        explanation: `Microsoft Entra blocked your sign-in ${relative(locked.iso, ctx.now)} because it came from an IP address with malicious activity. This isn't about your password.`,
        nextStep:
          "Try again from a different network, for example your phone's mobile data instead of public Wi-Fi. If it keeps happening, contact the help desk.",
        evidence: failureEvidence(locked, ctx.now),
        offer: 'contact-help-desk',
      });
    }
    const wrong = ctx.failures.filter((f) => f.active && f.kind === 'wrong-password' && f.at <= locked.at);
    const oldest = wrong[wrong.length - 1];
    return finding('signin.locked-out', 'problem', 90, {
      title: 'Your account is locked',
      headline:
        wrong.length > 0
          ? `your account is locked after ${wrong.length} wrong password${wrong.length === 1 ? '' : 's'}`
          : 'your account is locked',
      explanation:
        `Microsoft Entra locked your account ${relative(locked.iso, ctx.now)}` +
        (wrong.length > 0
          ? ` after ${wrong.length} sign-in${wrong.length === 1 ? '' : 's'} with a wrong password`
          : ' after too many wrong sign-in attempts') +
        '. It does this to keep attackers out. The lock lifts by itself after a while; more wrong attempts make the wait longer.',
      nextStep:
        "Wait a few minutes without trying, then sign in once, carefully. If you've forgotten your password, reset it at https://aka.ms/sspr (if your organisation allows it) or contact the help desk.",
      evidence:
        failureEvidence(locked, ctx.now) +
        (oldest
          ? ` Before that, ${wrong.length} wrong-password sign-in${wrong.length === 1 ? '' : 's'} from ${timeOfDay(oldest.iso)} (${[...new Set(wrong.map((f) => codeLabel(f.code)))].join(', ')}).`
          : ''),
      offer: 'contact-help-desk',
    });
  }
  const earlier = ctx.failures.find((f) => f.kind === 'locked');
  if (earlier) {
    return finding('lockout.none', 'ok', 7, {
      title: 'No lockout now',
      explanation: `Your account was locked ${clock(earlier.iso, ctx.now)}, but you've signed in successfully since.`,
    });
  }
  if (!ctx.facts.signIns.known) {
    return finding('lockout.unknown', 'unknown', 28, {
      title: "Couldn't check for a lockout",
      explanation: unknownBecause(ctx.facts.signIns.reason, ...SIGN_IN_LOGS),
      nextStep:
        ctx.facts.symptom === 'locked-out'
          ? 'If it says your account is locked, wait a few minutes before trying again: more wrong attempts make the wait longer.'
          : null,
    });
  }
  return finding('lockout.none', 'ok', 7, {
    title: 'No lockout in the last 24 hours',
    explanation:
      ctx.facts.symptom === 'locked-out'
        ? "Your sign-in log shows no lockout in the last 24 hours. If a screen still says you're locked out, note exactly what it says (and any AADSTS code) for the help desk."
        : 'Your sign-in log shows no lockout in the last 24 hours.',
  });
}

const POST_PASSWORD: readonly (CodeKind | 'unknown')[] = [
  'mfa',
  'mfa-registration',
  'ca-compliant-device',
  'ca-domain-joined',
  'ca-approved-app',
  'ca-blocked',
  'ca-password-change',
  'ca-other',
];

export function passwordCheck(ctx: Context): Ranked {
  const expired = activeFailure(ctx, hasKind(['password-expired']));
  if (expired) {
    const onPrem = expired.code === 50144;
    return finding('password.expired', 'problem', 80, {
      title: onPrem ? 'Your Active Directory password has expired' : 'Your password has expired',
      headline: 'your password has expired',
      explanation: onPrem
        ? "Your password comes from your organisation's on-premises Active Directory, and it has expired there."
        : 'Your password has expired, so sign-in stops until you choose a new one.',
      nextStep:
        'Change it when the sign-in page asks, or reset it at https://aka.ms/sspr if your organisation allows it. Otherwise contact the help desk.',
      evidence: failureEvidence(expired, ctx.now),
      offer: 'contact-help-desk',
    });
  }
  // A later failure at a step that comes after the password (Conditional Access, MFA) means the
  // password was right by then.
  const pastPassword = ctx.failures.find((f) => f.active && POST_PASSWORD.includes(f.kind));
  const wrong = ctx.failures.filter((f) => f.active && f.kind === 'wrong-password' && (!pastPassword || f.at > pastPassword.at));
  const newest = wrong[0];
  if (newest) {
    const latest = isLatest(ctx, newest);
    const times = wrong.length === 1 ? 'once' : wrong.length === 2 ? 'twice' : `${wrong.length} times`;
    return finding('password.wrong', latest ? 'problem' : 'warning', latest ? 58 : 40, {
      title: `Wrong password (${times} in the last 24 hours)`,
      headline: `the password was wrong (${times} in the last 24 hours)`,
      explanation: `Sign-in was refused ${times} because the username or password was wrong, most recently ${relative(newest.iso, ctx.now)}. Too many wrong tries lock the account.`,
      nextStep:
        "Check Caps Lock and the keyboard language, and don't keep guessing. If you've forgotten it, reset it at https://aka.ms/sspr (if your organisation allows it) or contact the help desk.",
      evidence: failureEvidence(newest, ctx.now),
    });
  }
  const changed = activeFailure(ctx, hasKind(['password-changed']));
  if (changed) {
    return finding('password.changed', isLatest(ctx, changed) ? 'problem' : 'warning', 45, {
      title: 'Your session ended after a password change',
      headline: 'your session ended because your password changed',
      explanation: 'Your password was changed or reset (or expired), so apps signed in with the old one were signed out.',
      nextStep: 'Sign in again with your current password.',
      evidence: failureEvidence(changed, ctx.now),
    });
  }
  const lastChange = ctx.facts.target.user.lastPasswordChangeDateTime;
  const changedWords = instant(lastChange) !== null ? ` Your password was last changed ${relative(lastChange, ctx.now)}.` : '';
  if (!ctx.facts.signIns.known) {
    return finding('password.unknown', 'unknown', 26, {
      title: "Couldn't check for password errors",
      explanation: unknownBecause(ctx.facts.signIns.reason, ...SIGN_IN_LOGS) + changedWords,
    });
  }
  return finding('password.ok', 'ok', 6, {
    title: 'No password errors',
    explanation: `No wrong or expired password in the last 24 hours.${changedWords}`,
  });
}

const MFA_KINDS: readonly CodeKind[] = ['mfa', 'mfa-registration'];

/** A usable pass created after the failure: the help desk has already given them a way in. */
function passIssuedSince(ctx: Context, f: Failure): boolean {
  const tap = ctx.facts.target.tap;
  if (!tap.known || !tap.value?.isUsable) return false;
  const created = instant(tap.value.createdDateTime);
  return created !== null && created > f.at;
}

export function mfaCheck(ctx: Context): Ranked | null {
  const failure = activeFailure(ctx, hasKind(MFA_KINDS));
  const methods = ctx.facts.target.methods;
  const strong = methods.known ? methods.value.filter((m) => !['password', 'temporaryAccessPass', 'email'].includes(m.kind)) : [];
  const registered =
    strong.length > 0
      ? ` Registered: ${strong.map((m) => (m.displayName ? `${methodName(m.kind)} (${m.displayName})` : methodName(m.kind))).join(', ')}.`
      : '';
  if (failure) {
    const registration = failure.kind === 'mfa-registration';
    const handled = passIssuedSince(ctx, failure);
    const latest = isLatest(ctx, failure) && !handled;
    return finding(
      registration ? 'signin.mfa-registration-required' : 'signin.mfa-not-completed',
      latest ? 'problem' : 'warning',
      latest ? 55 : handled ? 20 : 38,
      {
        title: registration ? 'You need to register for MFA' : "Multifactor authentication wasn't completed",
        headline: registration
          ? 'you need to set up multifactor authentication (MFA) first'
          : "multifactor authentication (MFA) wasn't completed",
        explanation: (failure.info?.plain ?? '') + (handled ? ' A pass has been issued for you since then.' : '') + registered,
        nextStep: handled
          ? 'Sign in with your pass and set up a new method.'
          : registration
            ? `Follow the prompts to add Microsoft Authenticator or a passkey. If you can't, ${requestClause(ctx, 'ask for a Temporary Access Pass')}`
            : `Approve the prompt in Microsoft Authenticator or use your security key. If you no longer have them, ${requestClause(ctx, 'ask for a Temporary Access Pass')}`,
        evidence: failureEvidence(failure, ctx.now),
        offer: handled ? undefined : 'request-pass',
      },
    );
  }
  if (ctx.facts.symptom !== 'mfa-cannot-complete') return null;
  return finding('mfa.cannot-complete', 'warning', 58, {
    title: "You can't complete multifactor authentication",
    headline: "you can't complete multifactor authentication (MFA)",
    explanation: `If you've lost or replaced the phone or security key you use for MFA, a Temporary Access Pass lets you sign in and set up a new one.${registered}`,
    nextStep: requestStep(ctx, 'Ask for a Temporary Access Pass'),
    offer: 'request-pass',
  });
}

const METHOD_NAMES: Record<string, string> = {
  password: 'password',
  microsoftAuthenticator: 'Microsoft Authenticator',
  fido2: 'passkey or security key',
  windowsHelloForBusiness: 'Windows Hello',
  phone: 'phone (text or call)',
  email: 'email',
  softwareOath: 'authenticator app code',
  temporaryAccessPass: 'Temporary Access Pass',
  platformCredential: 'Mac platform credential',
  qrCodePin: 'QR code and PIN',
  external: 'external MFA',
  other: 'other method',
};

export function methodName(kind: string): string {
  return METHOD_NAMES[kind] ?? kind;
}

const MAX_LISTED = 10;

function failureLine(f: Failure): string {
  const what = f.info
    ? `${codeLabel(f.code)}: ${f.info.plain}`
    : `AADSTS${f.code}, a code we don't know${f.signIn?.failureReason ? ` — the log says "${f.signIn.failureReason}"` : ''}`;
  return `- ${timeOfDay(f.iso)} — ${what}${f.signIn ? ` (${deviceWords(f.signIn)})` : ''}`;
}

export function recentFailuresCheck(ctx: Context): Ranked {
  if (!ctx.facts.signIns.known) {
    const reported = ctx.facts.reportedCode;
    return finding('signins.unknown', 'unknown', 29, {
      title: "Couldn't check your recent sign-ins",
      explanation:
        `${unknownBecause(ctx.facts.signIns.reason, ...SIGN_IN_LOGS)} Without the log we can't see lockouts, error codes or which Conditional Access policies applied.` +
        (reported !== null ? ` We used the code you gave us (${codeLabel(reported)}).` : ''),
      nextStep: reported === null ? 'If the sign-in page showed an error code (it starts with AADSTS), tell me what it was.' : null,
    });
  }
  const logged = ctx.failures.filter((f) => !f.reported);
  if (logged.length === 0) {
    const last = ctx.successes[0];
    return finding('signins.no-failures', 'ok', 7, {
      title: 'No failed sign-ins in the last 24 hours',
      explanation: last
        ? `Your last successful sign-in was ${relative(last.createdDateTime, ctx.now)} (${deviceWords(last)}).`
        : 'There are no sign-ins at all in the last 24 hours.',
    });
  }
  const stillFailing = logged.some((f) => f.active);
  const lines = logged.slice(0, MAX_LISTED).map(failureLine);
  if (logged.length > MAX_LISTED) lines.push(`- and ${logged.length - MAX_LISTED} more`);
  const count = `${logged.length} failed sign-in${logged.length === 1 ? '' : 's'}`;
  const success = ctx.successes[0];
  return finding('signins.recent-failures', stillFailing ? 'warning' : 'ok', stillFailing ? 30 : 7, {
    title: `${count} in the last 24 hours`,
    headline: `${count} in the last 24 hours`,
    explanation:
      `Newest first:\n${lines.join('\n')}` +
      (!stillFailing && success ? `\nYou signed in successfully ${relative(success.createdDateTime, ctx.now)}, after these.` : ''),
  });
}

/** Kinds no dedicated check explains: the code's own words are the finding. */
const GENERIC: readonly (CodeKind | 'unknown')[] = [
  'not-in-tenant',
  'app',
  'session',
  'device',
  'security-defaults',
  'seamless-sso',
  'risk',
  'other',
  'unknown',
];

export function otherErrorCheck(ctx: Context): Ranked | null {
  const latest = ctx.failures.find((f) => f.active);
  if (!latest || !GENERIC.includes(latest.kind)) return null;
  if (!latest.info) {
    return finding('signin.unknown-code', 'problem', 48, {
      title: `Your sign-in failed with a code we don't know (AADSTS${latest.code})`,
      headline: `your sign-in failed with AADSTS${latest.code}, a code we don't know`,
      explanation:
        `AADSTS${latest.code} isn't in our table of sign-in errors, so we won't guess what it means.` +
        (latest.signIn?.failureReason ? ` The sign-in log says: "${latest.signIn.failureReason}"` : ''),
      nextStep: 'Contact the help desk and give them the code and the time you saw it.',
      evidence: failureEvidence(latest, ctx.now),
      offer: 'contact-help-desk',
    });
  }
  const info = latest.info;
  const helpDesk = info.kind === 'app' || info.kind === 'device' || info.kind === 'risk' || info.kind === 'other';
  return finding('signin.error', 'problem', 50, {
    title: `Your sign-in failed with ${codeLabel(latest.code)}`,
    headline: `your sign-in failed: ${info.plain.charAt(0).toLowerCase()}${info.plain.slice(1).replace(/\.$/, '')}`,
    explanation:
      info.plain + (info.official ? '' : " (This code isn't in Microsoft's published list; its meaning comes from other sources.)"),
    nextStep: info.nextStep,
    evidence: failureEvidence(latest, ctx.now),
    offer: helpDesk ? 'contact-help-desk' : undefined,
  });
}
