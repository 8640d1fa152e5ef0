// Account enabled, and member / internal guest / external guest (src/graph/README.md §3).
import { externalReason } from '../eligibility';
import { type Context, activeFailure, hasKind } from './context';
import { type Ranked, finding } from './finding';
import { failureEvidence } from './signins';

export function accountEnabledCheck(ctx: Context): Ranked {
  const failure = activeFailure(ctx, hasKind(['disabled']));
  const evidence = failure ? failureEvidence(failure, ctx.now) : null;
  if (!ctx.facts.target.user.accountEnabled) {
    return finding('account.disabled', 'problem', 100, {
      title: 'Your account is disabled',
      headline: 'your account is disabled',
      explanation: "An administrator has turned off sign-in for this account. No password, MFA or pass works until it's turned back on.",
      nextStep: 'Contact the help desk. Only an administrator can enable the account.',
      evidence,
      offer: 'contact-help-desk',
    });
  }
  if (failure) {
    return finding('account.re-enabled', 'warning', 62, {
      title: 'Your account was disabled when you last tried',
      headline: 'your account was disabled when you last tried, and has been enabled since',
      explanation:
        'Your account is enabled now, but it was disabled at the time of your last attempt. Changes can take a few minutes to reach every sign-in server.',
      nextStep: 'Wait a few minutes, then try again.',
      evidence,
    });
  }
  return finding('account.enabled', 'ok', 9, { title: 'Your account is enabled', explanation: 'Sign-in is allowed for this account.' });
}

/** `emily_fabrikam.com#EXT#@contoso.onmicrosoft.com` → `fabrikam.com`; null when the UPN doesn't say. */
export function homeDomain(userPrincipalName: string): string | null {
  const m = /^(.*)#EXT#@/i.exec(userPrincipalName);
  const local = m?.[1];
  if (!local) return null;
  const at = local.lastIndexOf('_');
  return at > 0 ? local.slice(at + 1) : null;
}

export function accountTypeCheck(ctx: Context): Ranked {
  const user = ctx.facts.target.user;
  const external = externalReason(user);
  if (external) {
    const home = homeDomain(user.userPrincipalName);
    const where = home ? `your home organisation (${home})` : 'your home organisation';
    const account = home ? `your ${home} account` : 'the account of your home organisation';
    const pending = user.externalUserState === 'PendingAcceptance';
    return finding('account.external-guest', 'problem', 95, {
      title: "You're an external guest here",
      headline: `you're an external guest — ${where} handles your sign-in`,
      explanation:
        `You sign in with ${account}. Your password, MFA and lockouts are handled there, and Microsoft Entra can't add a Temporary Access Pass to an external guest.` +
        (pending ? " You also haven't accepted your invitation yet." : ''),
      nextStep: pending
        ? `Open the invitation email and accept it, then sign in with ${account}.`
        : `For password or MFA trouble, contact the IT help desk of ${where}. If only this organisation's apps refuse you, contact our help desk.`,
      evidence: `Account type: guest (${external === 'invitation' ? 'invited' : external === 'self-service-sign-up' ? 'self-service sign-up' : 'signs in with another identity provider'}).`,
      offer: 'contact-help-desk',
    });
  }
  if (user.userType === 'Guest') {
    return finding('account.internal-guest', 'ok', 8, {
      title: "You're a guest with this organisation's credentials",
      explanation:
        'You sign in with credentials from this organisation, so its sign-in methods — including a Temporary Access Pass — apply to you.',
    });
  }
  return finding('account.member', 'ok', 8, {
    title: "You're a member of this organisation",
    explanation: "This organisation's sign-in rules apply to you.",
  });
}
