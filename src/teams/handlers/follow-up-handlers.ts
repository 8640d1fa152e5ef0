// "Remove my pass" on the offer sent once the pass's job is done. The card names only the request; the
// use case re-reads it and checks that the clicker is the person the pass is for. In delegated mode the
// person signs in and the pass goes with their own rights (clicker-sign-in.ts), as for "This wasn't me".
// No help-desk alert: this is the expected end of a pass, not a report.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Actor } from '../../app';
import type { TeamsDeps } from './teams-deps';
import type { RequestAction } from '../bot';
import { cardResponse } from '../turn';
import { problemCard } from './messages';
import { signedInClicker } from './clicker-sign-in';

export function followUpHandlers(deps: TeamsDeps) {
  const { useCases, cards, logger } = deps;
  return {
    async removeOwn(context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const notFound = () => cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: requestId } }));
      // Authorisation first: only the person the pass is for is ever asked to sign in.
      if (!(await useCases.ownRequest(actor, requestId))) return notFound();
      if (deps.signIn) {
        const ask = {
          subject: `pass.remove-own:${requestId}`,
          text: 'Sign in so that TAP Desk can remove the pass from your account with your own rights',
        };
        const signedIn = await signedInClicker(deps.signIn, useCases, logger, context, actor, ask);
        if (signedIn.kind === 'answer') return signedIn.response;
        if (signedIn.kind === 'problem') return cardResponse(problemCard(cards, signedIn.problem, 'Your pass could not be removed'));
      }
      const outcome = await useCases.removeOwnPass(actor, requestId, 'done');
      if (outcome.kind === 'not-found') return cardResponse(problemCard(cards, outcome.problem));
      const { result } = outcome;
      if (result.pass === 'kept') {
        return cardResponse(
          problemCard(cards, result.problem ?? { code: 'graph.unavailable', params: {} }, 'Your pass could not be removed'),
        );
      }
      const body =
        result.pass === 'removed'
          ? 'Your Temporary Access Pass is removed and no longer works. Sign in with your new method from now on.'
          : 'Your Temporary Access Pass no longer exists (it was used up, expired or removed already). Nothing more to do.';
      return cardResponse(
        cards.card('message', { title: 'Pass removed', tone: 'good', body, details: [], nextStep: '', showNextStep: false }),
      );
    },
  };
}
