// Delegated issuance, the approver's session on this instance: is a usable on-behalf-of token held for
// them, and exchanging the Teams SSO token they sent for one. Consent and MFA/step-up answers become
// problems for the approver, not errors; the request is untouched until the approval itself runs.
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';

export type SignInStep = { kind: 'ready' } | { kind: 'problem'; problem: Problem };

export function approverSignedIn(deps: UseCaseDeps, approverId: string): boolean {
  return Boolean(deps.approverSessions?.writerFor(approverId));
}

/** The approver's Entra token (already checked by the Teams side) exchanged on-behalf-of them. */
export async function signInApprover(deps: UseCaseDeps, approverId: string, token: string): Promise<SignInStep> {
  const sessions = deps.approverSessions;
  if (!sessions) return { kind: 'problem', problem: problem('sso.signin-again') };
  const exchanged = await sessions.exchange(approverId, token);
  if (!exchanged.ok) {
    switch (exchanged.reason) {
      case 'consent':
        return { kind: 'problem', problem: problem('sso.consent-required') };
      case 'interaction':
        return { kind: 'problem', problem: problem('sso.interaction-required') };
      case 'unavailable':
        return { kind: 'problem', problem: problem('graph.unavailable') };
      default:
        return { kind: 'problem', problem: problem('sso.token-refused') };
    }
  }
  return sessions.writerFor(approverId) ? { kind: 'ready' } : { kind: 'problem', problem: problem('sso.signin-again') };
}

/** A delegated Graph token the token service gave for this person after they completed its sign-in page. */
export function adoptDelegatedToken(deps: UseCaseDeps, userId: string, token: { token: string; expiresAt: number }): SignInStep {
  const sessions = deps.approverSessions;
  if (!sessions) return { kind: 'problem', problem: problem('sso.signin-again') };
  sessions.adopt(userId, token.token, token.expiresAt);
  return sessions.writerFor(userId) ? { kind: 'ready' } : { kind: 'problem', problem: problem('sso.signin-again') };
}
