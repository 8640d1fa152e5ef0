// `health`: what TAP Desk can do in this tenant (help desk and admins only).
import { CardFactory, type TurnContext } from 'botbuilder';
import type { TeamsDeps } from './teams-deps';
import type { Actor } from '../turn';
import { messageCard, problemCard } from './messages';
import { healthView } from '../views/health-views';

export function healthHandlers(deps: TeamsDeps) {
  const { cards, useCases } = deps;
  return {
    async command(context: TurnContext, _argument: string, actor: Actor): Promise<void> {
      const outcome = await useCases.health(actor);
      if (outcome.kind === 'refused') {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(problemCard(cards, outcome.problem))] });
        return;
      }
      const view = healthView(outcome.capabilities, outcome.licences);
      await context.sendActivity({ attachments: [messageCard(cards, view.title, view.body, view.tone, view.details, view.nextStep)] });
    },
  };
}
