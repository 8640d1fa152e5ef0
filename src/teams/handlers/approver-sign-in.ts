// Delegated issuance, the approver's side of the click: a usable Graph token for them on this
// instance, or the Teams SSO round (401 loginRequest → the action re-sent with a token → validated →
// exchanged on-behalf-of them). Consent and MFA/step-up answers become words for the approver, not
// errors; the request is untouched until the approval itself runs.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { ApproverSessions, ApproverWriter } from '../../app/ports';
import { type Problem, problem } from '../../app/errors';
import type { Logger } from '../../logger';
import type { Actor } from '../turn';
import { authenticationOf, type TeamsSso } from '../sso';

export interface DelegatedSignIn {
  sso: TeamsSso;
  sessions: ApproverSessions;
}

export type SignInResult =
  | { kind: 'ready'; writer: ApproverWriter }
  /** Answer the invoke with this (the loginRequest). */
  | { kind: 'answer'; response: AdaptiveCardInvokeResponse }
  /** Tell the approver why (consent, MFA, a refused token); nothing changed. */
  | { kind: 'problem'; problem: Problem };

export async function signedInApprover(signIn: DelegatedSignIn, logger: Logger, context: TurnContext, actor: Actor, requestId: string): Promise<SignInResult> {
  const auth = authenticationOf(context);
  if (!auth) {
    const held = signIn.sessions.writerFor(actor.id);
    if (held) return { kind: 'ready', writer: held };
    return { kind: 'answer', response: await signIn.sso.loginRequest(context, actor, requestId) };
  }
  // A token that came with the action is checked even when one is held: a bad one is never ignored.
  const checked = await signIn.sso.accept(context, actor, requestId, auth);
  if (!checked.ok) {
    logger.warn({ approverId: actor.id, reason: checked.reason }, 'SSO token refused');
    return { kind: 'problem', problem: problem('sso.token-refused') };
  }
  const exchanged = await signIn.sessions.exchange(actor.id, auth.token);
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
  const writer = signIn.sessions.writerFor(actor.id);
  return writer ? { kind: 'ready', writer } : { kind: 'problem', problem: problem('sso.signin-again') };
}
