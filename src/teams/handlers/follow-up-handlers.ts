// "Remove my pass" on the offer sent once the pass's job is done. The card names only the request; the
// use case re-reads it and checks that the clicker is the person the pass is for. No help-desk alert:
// this is the expected end of a pass, not a report.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Actor } from '../../app/use-cases';
import type { TeamsDeps } from './teams-deps';
import { cardResponse } from '../turn';
import { requestIdOf } from './form-input';
import { problemCard } from './messages';

export function followUpHandlers(deps: TeamsDeps) {
  const { useCases, cards } = deps;
  return {
    async removeOwn(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      if (!requestId) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: '' } }));
      const outcome = await useCases.removeOwnPass(actor, requestId, 'done');
      if (outcome.kind === 'not-found') return cardResponse(problemCard(cards, outcome.problem));
      if (outcome.kind === 'failed') return cardResponse(problemCard(cards, outcome.problem, 'Your pass could not be removed'));
      const body = outcome.removed
        ? 'Your Temporary Access Pass is removed and no longer works. Sign in with your new method from now on.'
        : 'Your Temporary Access Pass no longer exists (it was used up, expired or removed already). Nothing more to do.';
      return cardResponse(cards.card('message', { title: 'Pass removed', tone: 'good', body, details: [], nextStep: '', showNextStep: false }));
    },
  };
}
