// Registered sign-in methods (src/graph/README.md §9). No methods at all: a pass is how a new person sets them up.
import { externalReason } from '../eligibility';
import type { MethodFact } from '../facts';
import { instant } from '../time';
import { type Context, requestClause, requestStep } from './context';
import { type Ranked, finding, unknownBecause } from './finding';
import { methodName } from './signins';

function label(m: MethodFact): string {
  return m.displayName ? `${methodName(m.kind)} (${m.displayName})` : methodName(m.kind);
}

/** signInActivity shows "never" as 0001-01-01 (src/graph/README.md §3). */
function neverSignedIn(ctx: Context): boolean {
  // Unreadable (no AuditLog.Read.All or no Entra ID P1) is not "never".
  if (ctx.facts.target.signInActivity?.known === false) return false;
  const last = instant(ctx.facts.target.user.lastSuccessfulSignInDateTime);
  return last === null || new Date(last).getUTCFullYear() < 2000;
}

export function methodsCheck(ctx: Context): Ranked {
  const methods = ctx.facts.target.methods;
  if (!methods.known) {
    return finding('methods.unknown', 'unknown', 25, {
      title: "Couldn't check your sign-in methods",
      explanation: unknownBecause(methods.reason, 'your registered sign-in methods', 'UserAuthenticationMethod.Read.All'),
    });
  }
  if (externalReason(ctx.facts.target.user)) {
    return finding('methods.home-organisation', 'ok', 3, {
      title: 'Your sign-in methods are kept by your home organisation',
      explanation: 'As an external guest you sign in with the methods of your own organisation.',
    });
  }
  const tap = ctx.facts.target.tap;
  const passReady = tap.known && tap.value?.isUsable === true;
  const others = methods.value.filter((m) => m.kind !== 'temporaryAccessPass');
  if (others.length === 0) {
    const never = neverSignedIn(ctx) ? ', and it has never been used to sign in' : '';
    return finding('methods.none', passReady ? 'warning' : 'problem', passReady ? 30 : 60, {
      title: 'You have no sign-in methods yet',
      headline: 'you have no sign-in methods yet — a Temporary Access Pass is how you set them up',
      explanation: `Your account has no password, authenticator app, passkey or other method registered${never}. A Temporary Access Pass is how you sign in the first time and set one up.`,
      nextStep: passReady ? 'Use your pass to add a method at https://aka.ms/mysecurityinfo.' : requestStep(ctx, 'Ask for a pass'),
      offer: passReady ? undefined : 'request-pass',
    });
  }
  if (others.every((m) => m.kind === 'password')) {
    return finding('methods.password-only', 'warning', 36, {
      title: 'Only a password is registered',
      headline: 'only a password is registered, so you may not be able to complete MFA',
      explanation:
        "You have no authenticator app, passkey or phone registered. When your organisation asks for multifactor authentication (MFA), you'll need one — a Temporary Access Pass lets you sign in and add it.",
      nextStep: passReady
        ? 'Use your pass to add a method at https://aka.ms/mysecurityinfo.'
        : `Add Microsoft Authenticator at https://aka.ms/mysecurityinfo. If you can't sign in to do that, ${requestClause(ctx, 'ask for a pass')}`,
      offer: passReady ? undefined : 'request-pass',
    });
  }
  return finding('methods.ok', 'ok', 3, {
    title: 'You have sign-in methods registered',
    explanation: `Registered: ${others.map(label).join(', ')}.`,
  });
}
