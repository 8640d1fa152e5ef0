// "Why can't I sign in?" in chat: a short guided card, then the check from live Graph facts.
// Anyone may check themselves; checking someone else is for the help desk.
import { type AdaptiveCardInvokeResponse, CardFactory, type TurnContext } from 'botbuilder';
import { type Actor, GUID } from '../../app';
import type { TeamsDeps } from './teams-deps';
import { cardResponse } from '../turn';
import { problemCard } from './messages';
import { text } from './form-input';
import { diagnosisResultView, diagnosisStartView } from '../views/diagnosis-views';
import { pickUserView } from '../views/help-desk-views';

export function diagnoseHandlers(deps: TeamsDeps) {
  const { cards, useCases } = deps;

  function startCard(subject: { id: string; name: string }, actor: Actor) {
    return cards.card('diagnosis-start', diagnosisStartView(subject, subject.id === actor.id));
  }

  return {
    /** `diagnose`, "why can't I sign in", or `diagnose <person>` for the help desk. */
    async command(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (!argument) {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(startCard({ id: actor.id, name: actor.name }, actor))] });
        return;
      }
      const found = await useCases.diagnosisSubject(actor, { query: argument });
      switch (found.kind) {
        case 'none':
        case 'refused':
          await context.sendActivity({ attachments: [CardFactory.adaptiveCard(problemCard(cards, found.problem))] });
          return;
        case 'choose':
          await context.sendActivity({
            attachments: [cards.attachment('pick-user', pickUserView(argument, found.candidates, 'diagnose.pick', 'Check their sign-in'))],
          });
          return;
        case 'person':
          await context.sendActivity({ attachments: [CardFactory.adaptiveCard(startCard({ id: found.id, name: found.name }, actor))] });
      }
    },

    async open(_context: TurnContext, _data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      return cardResponse(startCard({ id: actor.id, name: actor.name }, actor));
    },

    async pick(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const userId = text(data, 'userId', 40).toLowerCase();
      if (!GUID.test(userId)) return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: userId } }));
      const found = await useCases.diagnosisSubject(actor, { userId });
      if (found.kind !== 'person')
        return cardResponse(
          problemCard(cards, found.kind === 'choose' ? { code: 'target.not-found', params: { query: userId } } : found.problem),
        );
      return cardResponse(startCard({ id: found.id, name: found.name }, actor));
    },

    async run(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const subjectId = text(data, 'subjectId', 40).toLowerCase() || actor.id;
      if (!GUID.test(subjectId)) return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: subjectId } }));
      const outcome = await useCases.diagnoseSignIn(actor, subjectId, {
        symptom: text(data, 'symptom', 40),
        reaching: text(data, 'reaching', 120) || null,
        message: text(data, 'message', 300),
      });
      if (outcome.kind === 'refused') return cardResponse(problemCard(cards, outcome.problem));
      return cardResponse(
        cards.card(
          'diagnosis-result',
          diagnosisResultView(outcome.diagnosis, outcome.subject.displayName, outcome.self, outcome.subject.id),
        ),
      );
    },

    /** "Contact the help desk" on one's own result: the approvals channel hears who needs help. */
    async escalate(_context: TurnContext, _data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const { summary } = await useCases.escalate(actor);
      return cardResponse(
        cards.card('message', {
          title: 'The help desk has been told',
          tone: 'good',
          body: `I passed your sign-in check ("${summary}") to the help desk. They will contact you on a known number or in person.`,
          details: [],
          nextStep: 'Keep this chat open; never share a code or password with anyone who calls you unasked.',
          showNextStep: true,
        }),
      );
    },
  };
}
