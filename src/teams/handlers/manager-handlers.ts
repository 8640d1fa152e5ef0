// Confirm / Not them on the manager's 1:1 card. The clicker is the activity's aadObjectId; whether they are the
// target's manager is the use case's live directory read, never the card's data.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Actor, ManagerAnswer } from '../../app';
import type { TeamsDeps } from './teams-deps';
import type { RequestAction } from '../bot';
import { cardResponse } from '../turn';
import { problemCard } from './messages';

export function managerHandlers(deps: TeamsDeps) {
  const { cards, useCases } = deps;

  async function answer(requestId: string, actor: Actor, said: ManagerAnswer): Promise<AdaptiveCardInvokeResponse> {
    const outcome = await useCases.answerAsManager(actor, requestId, said);
    if (outcome.kind !== 'answered') return cardResponse(problemCard(cards, outcome.problem));
    const name = outcome.request.target.displayName;
    const body =
      said === 'confirmed'
        ? `The approver of ${outcome.request.id} sees that you confirmed it is ${name}.`
        : `Nobody can approve ${outcome.request.id} now, and the help desk is alerted to contact ${name} on a number from the directory.`;
    const title = said === 'confirmed' ? 'Thanks: you confirmed it is them' : 'Thanks: the request is held';
    const tone = said === 'confirmed' ? 'good' : 'warning';
    return cardResponse(cards.card('message', { title, tone, body, details: [], nextStep: '', showNextStep: false }));
  }

  return {
    confirm: (_context: TurnContext, { requestId }: RequestAction, actor: Actor) => answer(requestId, actor, 'confirmed'),
    notThem: (_context: TurnContext, { requestId }: RequestAction, actor: Actor) => answer(requestId, actor, 'not-them'),
  };
}
