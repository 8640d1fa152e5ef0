// The Temporary Access Pass: the tenant policy (on? is this person in scope?) and the person's pass
// (usable, brand new, expired, not yet valid, used, blocked by policy). Sources: src/graph/README.md §1–§2 and the
// TAP how-to's limitations and troubleshooting (one-time vs multi-use, 10-minute registration window,
// replication delay, interrupt-mode registration in notes.ts) and its expiration section
// (tokens from a pass sign-in expire with the pass).
import type { TapFact, TapPolicyFacts } from '../facts';
import { passExpiresAt } from '../eligibility';
import { clock, duration, relative, timeOfDay } from './text';
import { MINUTE_MS, instant, isoAt } from '../time';
import { type Context, activeFailure, hasKind, requestClause, requestStep } from './context';
import { type Ranked, finding, unknownBecause } from './finding';
import { failureEvidence } from './signins';

/** "It can take a few minutes for changes to replicate" (TAP how-to, limitations). */
export const REPLICATION_MINUTES = 10;
/** "The token lifetime ... obtained by using a Temporary Access Pass login is limited to the pass lifetime." */
const SESSIONS_END = 'Anything you sign in to with the pass signs you out when the pass expires';

/** A one-time pass's registration must finish within 10 minutes of signing in with it. */
export const REGISTRATION_WINDOW_MINUTES = 10;

const MY_SECURITY_INFO = 'https://aka.ms/mysecurityinfo';

type Scope =
  | { kind: 'unknown'; reason: 'permission' | 'licence' | 'unavailable' }
  | { kind: 'disabled' }
  | { kind: 'excluded'; group: string | null }
  | { kind: 'not-included' }
  | { kind: 'in-scope'; policy: TapPolicyFacts };

/** Scope by the eligibility rules (ctx.passBlockers), so diagnosis and the request flow never disagree. */
function scopeOf(ctx: Context): Scope {
  const policy = ctx.facts.policy;
  if (!policy.known) return { kind: 'unknown', reason: policy.reason };
  const codes = ctx.passBlockers.map((b) => b.code);
  if (codes.includes('target.policy-disabled')) return { kind: 'disabled' };
  const excluded = ctx.passBlockers.find((b) => b.code === 'target.excluded-by-policy');
  if (excluded) return { kind: 'excluded', group: typeof excluded.params?.group === 'string' ? excluded.params.group : null };
  if (codes.includes('target.not-in-policy')) return { kind: 'not-included' };
  return { kind: 'in-scope', policy: policy.value };
}

function lifetimeWords(policy: TapPolicyFacts): string {
  const min = duration(policy.minimumLifetimeInMinutes * MINUTE_MS);
  const max = duration(policy.maximumLifetimeInMinutes * MINUTE_MS);
  return `Passes last between ${min} and ${max}${policy.isUsableOnce ? ' and can be used only once' : ''}.`;
}

export function tapPolicyCheck(ctx: Context): Ranked {
  const scope = scopeOf(ctx);
  const blocking = ctx.tapRelevant ? 'problem' : 'warning';
  const credentialPolicy = activeFailure(ctx, hasKind(['credential-policy']));
  const evidence = credentialPolicy ? failureEvidence(credentialPolicy, ctx.now) : null;
  switch (scope.kind) {
    case 'unknown':
      return finding('tap-policy.unknown', 'unknown', 27, {
        title: "Couldn't check the Temporary Access Pass policy",
        explanation: unknownBecause(scope.reason, "your organisation's Temporary Access Pass policy", 'Policy.Read.AuthenticationMethod'),
      });
    case 'disabled':
      return finding('tap-policy.disabled', blocking, 72, {
        title: 'Temporary Access Passes are turned off in your organisation',
        explanation:
          "The Temporary Access Pass method is disabled in your organisation's authentication methods policy, so no pass can be issued or used.",
        nextStep: 'Contact the help desk: they can help you sign in another way.',
        evidence,
        offer: 'contact-help-desk',
      });
    case 'excluded': {
      const group = scope.group ? ` (group "${scope.group}")` : '';
      return finding('tap-policy.excluded', blocking, 71, {
        title: "You're excluded from Temporary Access Passes",
        headline: `you're excluded from Temporary Access Passes${group}`,
        explanation: scope.group
          ? `The Temporary Access Pass policy excludes the group "${scope.group}", and you're in it. A pass can't be issued for you, and one issued earlier won't be accepted.`
          : "The Temporary Access Pass policy excludes you. A pass can't be issued for you, and one issued earlier won't be accepted.",
        nextStep: 'Contact the help desk: they can help you sign in another way.',
        evidence,
        offer: 'contact-help-desk',
      });
    }
    case 'not-included':
      return finding('tap-policy.not-included', blocking, 71, {
        title: "You're not included in the Temporary Access Pass policy",
        headline: "you're not included in the Temporary Access Pass policy",
        explanation:
          "The policy allows passes only for some users and groups, and you're not among them. A pass wouldn't be accepted for you.",
        nextStep: 'Contact the help desk: they can help you sign in another way.',
        evidence,
        offer: 'contact-help-desk',
      });
    case 'in-scope':
      return finding('tap-policy.in-scope', 'ok', 1, {
        title: 'Temporary Access Passes are available to you',
        explanation: `The Temporary Access Pass policy is on and includes you. ${lifetimeWords(scope.policy)}`,
      });
  }
}

/** When the one-time pass was most likely used: the newest successful sign-in after it started. */
function usedAt(ctx: Context, tap: TapFact): number | null {
  const start = instant(tap.startDateTime) ?? instant(tap.createdDateTime);
  if (start === null) return null;
  const logged = ctx.successes.map((s) => instant(s.createdDateTime)).find((at): at is number => at !== null && at >= start);
  if (logged !== undefined) return logged;
  // Without sign-in logs, signInActivity is the only trace (it may include silent sign-ins).
  const last = ctx.facts.signIns.known ? null : instant(ctx.facts.target.user.lastSuccessfulSignInDateTime);
  return last !== null && last >= start && last <= ctx.now.getTime() ? last : null;
}

function noPass(ctx: Context): Ranked {
  const failure = activeFailure(ctx, hasKind(['tap-expired', 'tap-not-found']));
  const wanted = failure !== null || ['no-tap-prompt', 'tap-not-accepted'].includes(ctx.facts.symptom);
  if (!wanted) {
    return finding('tap.none', 'ok', 2, {
      title: "You don't have a Temporary Access Pass",
      explanation: "That's normal. If you lose your phone or security key, a pass lets you sign in and set up a new one.",
    });
  }
  return finding('tap.none', 'problem', 66, {
    title: "You don't have a Temporary Access Pass",
    headline: "you don't have a Temporary Access Pass (any earlier one was removed or replaced)",
    explanation:
      "There's no pass on your account right now: it was never issued, or it was deleted or replaced. The sign-in page only asks for a pass when there is a valid one.",
    nextStep: requestStep(ctx, 'Ask for a pass'),
    evidence: failure ? failureEvidence(failure, ctx.now) : null,
    offer: 'request-pass',
  });
}

function usable(ctx: Context, tap: TapFact, expires: string | null): Ranked {
  const created = instant(tap.createdDateTime);
  const until = expires ? ` It's valid until ${clock(expires, ctx.now)}.` : '';
  if (created !== null && ctx.now.getTime() - created < REPLICATION_MINUTES * MINUTE_MS) {
    // A creation time ahead of `now` is clock skew between Graph and us: still "just now".
    const when = created >= ctx.now.getTime() ? 'just now' : relative(tap.createdDateTime, ctx.now);
    return finding('tap.replication-delay', 'warning', 86, {
      title: 'Your pass is brand new',
      headline: `your pass was created ${when} and may need a few more minutes to work`,
      explanation: `Your pass was created ${when}. It takes a few minutes to reach every sign-in server, so until then the sign-in page may not ask for it, or may refuse it.${until}`,
      nextStep: 'Wait a few minutes, then try again.',
    });
  }
  const notVerified = activeFailure(ctx, (f) => f.kind === 'tap-not-found' && created !== null && f.at > created);
  if (notVerified) {
    return finding('tap.not-verified', 'warning', 60, {
      title: "Your pass wasn't accepted",
      headline: "the pass you entered wasn't accepted — it may have been mistyped",
      explanation: `Microsoft Entra has a valid pass for you, but couldn't verify the one entered ${relative(notVerified.iso, ctx.now)}. Passes are easy to mistype.${until}`,
      nextStep: `Type the pass again carefully. If it still fails, ${requestClause(ctx, 'ask for a new pass')}`,
      evidence: failureEvidence(notVerified, ctx.now),
      offer: 'request-pass',
    });
  }
  return finding('tap.usable', 'ok', 75, {
    title: 'You have a pass you can use now',
    headline: expires ? `you have a pass ready — use it before ${clock(expires, ctx.now)}` : 'you have a pass ready to use',
    explanation:
      `Your pass works now.${until}` +
      (tap.isUsableOnce
        ? ' It works once: after you sign in with it you have 10 minutes to register a passkey, security key or phone sign-in, so have your phone or key ready first.'
        : ' It can be used more than once until then.') +
      ` ${SESSIONS_END}, so set up your new method before then.`,
    nextStep: `Go to ${MY_SECURITY_INFO}, sign in with your username and the pass, and add a new sign-in method.`,
  });
}

function oneTimeUsed(ctx: Context, tap: TapFact): Ranked {
  const used = usedAt(ctx, tap);
  const failure = activeFailure(ctx, hasKind(['tap-not-found', 'credential-policy']));
  const evidence = failure ? failureEvidence(failure, ctx.now) : null;
  const windowEnd = used === null ? null : used + REGISTRATION_WINDOW_MINUTES * MINUTE_MS;
  if (used !== null && windowEnd !== null && ctx.now.getTime() < windowEnd) {
    const left = duration(windowEnd - ctx.now.getTime());
    return finding('tap.registration-window', 'warning', 84, {
      title: 'Finish registering within 10 minutes of using your pass',
      headline: `you have about ${left} left to finish registering after using your one-time pass`,
      explanation: `It looks like you signed in with your one-time pass ${relative(isoAt(used), ctx.now)}. A passkey, security key or phone sign-in must be registered within 10 minutes of that sign-in, so by ${timeOfDay(isoAt(windowEnd))}. The pass itself won't work again.`,
      nextStep: `Finish adding your method at ${MY_SECURITY_INFO} now. If time runs out, ${requestClause(ctx, 'ask for a new pass')}`,
      evidence,
      offer: 'request-pass',
    });
  }
  return finding('tap.one-time-used', 'problem', 68, {
    title: 'Your one-time pass has already been used',
    headline: 'your one-time pass has already been used',
    explanation:
      'Your pass could be used only once, and it has been' +
      (used !== null && windowEnd !== null
        ? ` (it looks like ${clock(isoAt(used), ctx.now)}; the 10 minutes to register a new method after that ended at ${timeOfDay(isoAt(windowEnd))})`
        : '') +
      ". It won't be accepted again.",
    nextStep: requestStep(ctx, 'Ask for a new pass'),
    evidence,
    offer: 'request-pass',
  });
}

function disabledByPolicy(ctx: Context, tap: TapFact): Ranked {
  const policy = ctx.facts.policy;
  if (policy.known && policy.value.isUsableOnce && !tap.isUsableOnce) {
    return finding('tap.multi-use-blocked', 'problem', 70, {
      title: 'Your pass is multi-use, but only one-time passes are allowed',
      headline: 'your pass can be used more than once, but your organisation now allows only one-time passes',
      explanation:
        "Your organisation's policy requires one-time passes, and yours was issued as a multi-use pass, so Microsoft Entra blocks it (the sign-in page says it was blocked due to User Credential Policy).",
      nextStep: requestStep(ctx, 'Ask for a new one-time pass'),
      offer: 'request-pass',
    });
  }
  const scope = scopeOf(ctx);
  const cause =
    scope.kind === 'disabled'
      ? 'Temporary Access Passes are turned off in your organisation.'
      : scope.kind === 'excluded' || scope.kind === 'not-included'
        ? "You're outside the Temporary Access Pass policy."
        : scope.kind === 'unknown'
          ? 'Usual causes: you are outside the Temporary Access Pass policy, or it allows only one-time passes and yours is multi-use.'
          : 'The policy may have changed in the last few minutes.';
  return finding('tap.disabled-by-policy', 'problem', 69, {
    title: 'Your pass is blocked by policy',
    headline: 'your pass is blocked by the Temporary Access Pass policy',
    explanation: `Microsoft Entra won't accept your pass because of your organisation's Temporary Access Pass policy. ${cause}`,
    nextStep: 'Contact the help desk: they can check the policy or help you sign in another way.',
    offer: 'contact-help-desk',
  });
}

export function tapStateCheck(ctx: Context): Ranked {
  const state = ctx.facts.target.tap;
  const expiredCode = activeFailure(ctx, hasKind(['tap-expired']));
  if (!state.known) {
    if (expiredCode) {
      return finding('tap.expired', 'problem', 68, {
        title: 'Your pass has expired',
        headline: 'your pass has expired',
        explanation: 'Your sign-in said your Temporary Access Pass has expired.',
        nextStep: requestStep(ctx, 'Ask for a new pass'),
        evidence: failureEvidence(expiredCode, ctx.now),
        offer: 'request-pass',
      });
    }
    return finding('tap.unknown', 'unknown', 27, {
      title: "Couldn't check your Temporary Access Pass",
      explanation: unknownBecause(state.reason, 'your Temporary Access Pass', 'UserAuthMethod-TAP.Read.All'),
    });
  }
  const tap = state.value;
  if (tap === null) return noPass(ctx);
  const expires = passExpiresAt(tap);
  switch (tap.isUsable ? 'enabledbypolicy' : tap.methodUsabilityReason.toLowerCase()) {
    case 'enabledbypolicy':
      return usable(ctx, tap, expires);
    case 'expired': {
      const ago = expires ? ctx.now.getTime() - (instant(expires) ?? 0) : null;
      return finding('tap.expired', 'problem', 68, {
        title: 'Your pass has expired',
        headline: expires ? `your pass expired ${relative(expires, ctx.now)}` : 'your pass has expired',
        explanation:
          (expires ? `Your pass stopped working ${clock(expires, ctx.now)} (${relative(expires, ctx.now)}).` : 'Your pass has expired.') +
          ` It was valid for ${duration(tap.lifetimeInMinutes * MINUTE_MS)}.` +
          ` ${SESSIONS_END}: if you were signed out, that's why.` +
          (ago !== null && ago < REPLICATION_MINUTES * MINUTE_MS ? ' The sign-in page may still ask for it for a few minutes.' : ''),
        nextStep: requestStep(ctx, 'Ask for a new pass'),
        evidence: expiredCode ? failureEvidence(expiredCode, ctx.now) : null,
        offer: 'request-pass',
      });
    }
    case 'notyetvalid':
      return finding('tap.not-yet-valid', 'problem', 67, {
        title: "Your pass isn't valid yet",
        headline: `your pass isn't valid yet — it starts ${clock(tap.startDateTime, ctx.now)} (${relative(tap.startDateTime, ctx.now)})`,
        explanation: `Your pass works only from ${clock(tap.startDateTime, ctx.now)} (${relative(tap.startDateTime, ctx.now)})${expires ? ` until ${clock(expires, ctx.now)}` : ''}.`,
        nextStep: `Try again once it has started. If you need to sign in sooner, ${requestClause(ctx, 'ask for a pass that starts now')}`,
        offer: 'request-pass',
      });
    case 'onetimeused':
      return oneTimeUsed(ctx, tap);
    case 'disabledbypolicy':
      return disabledByPolicy(ctx, tap);
    default:
      return finding('tap.unusable', 'problem', 66, {
        title: "Your pass can't be used",
        headline: "your pass can't be used",
        explanation: `Microsoft Entra says your pass can't be used (reason given: ${tap.methodUsabilityReason || 'none'}).`,
        nextStep: 'Contact the help desk.',
        offer: 'contact-help-desk',
      });
  }
}
