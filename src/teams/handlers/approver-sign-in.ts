// Delegated issuance, the approver's side of the click: a usable Graph token for them on this
// instance, or the Teams SSO round (401 loginRequest → the action re-sent with a token → validated →
// exchanged on-behalf-of them, by the use case). The request is untouched until the approval runs.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Problem } from '../../app/errors';
import type { UseCases, Actor } from '../../app/use-cases';
import type { Logger } from '../../logger';
import { authenticationOf, type TeamsSso } from '../sso';

/** What the Teams side needs for delegated issuance: the SSO round (the sessions stay in the use cases). */
export interface DelegatedSignIn {
  sso: TeamsSso;
}

export type SignInResult =
  | { kind: 'ready' }
  /** Answer the invoke with this (the loginRequest). */
  | { kind: 'answer'; response: AdaptiveCardInvokeResponse }
  /** Tell the approver why (consent, MFA, a refused token); nothing changed. */
  | { kind: 'problem'; problem: Problem };

export async function signedInApprover(signIn: DelegatedSignIn, useCases: UseCases, logger: Logger, context: TurnContext, actor: Actor, requestId: string): Promise<SignInResult> {
  const auth = authenticationOf(context);
  if (!auth) {
    if (useCases.approverSignedIn(actor)) return { kind: 'ready' };
    return { kind: 'answer', response: await signIn.sso.loginRequest(context, actor, requestId) };
  }
  // A token that came with the action is checked even when one is held: a bad one is never ignored.
  const checked = await signIn.sso.accept(context, actor, requestId, auth);
  if (!checked.ok) {
    logger.warn({ approverId: actor.id, reason: checked.reason }, 'SSO token refused');
    return { kind: 'problem', problem: { code: 'sso.token-refused' } };
  }
  return useCases.signInApprover(actor, auth.token);
}
