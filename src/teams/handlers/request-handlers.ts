// The requester's side: open the form, submit it, see and cancel requests, reveal a pass.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Actor, RequestForm, RequestView } from '../../app';
import type { TeamsDeps } from './teams-deps';
import type { RequestAction } from '../bot';
import { cardResponse, messageResponse } from '../turn';
import { EMPTY_FORM, problemLines, requestFormView, requestStatusView } from '../views/request-views';
import { passRevealView } from '../views/approval-views';
import { describeWarning } from '../views/warnings';
import { parseRequestForm, requestIdOf, text } from './form-input';
import { withRequestId } from '../../log-context';
import { PASS_UNDER_WAY, messageCard, problemCard } from './messages';

export function requestHandlers(deps: TeamsDeps) {
  const { useCases, cards, conversations, clock } = deps;

  function formCard(form: RequestForm) {
    return cards.card('request-form', requestFormView(form.policy, { ...EMPTY_FORM, target: form.target }));
  }

  /**
   * `refreshFor`: the viewer's Teams user id when the card is posted in their personal chat. While the
   * request may still change, Teams then asks for the card afresh each time it shows it (request.refresh),
   * so a posted status card stays current without TAP Desk keeping a note of every one it posts.
   */
  function statusCard(request: RequestView, viewer: Actor, refreshFor?: string) {
    const view = requestStatusView(request, clock.now(), viewer.id);
    if (refreshFor && deps.config.userSpecificViews && request.answers.mayChange) {
      view.hasRefresh = true;
      view.refreshUserIds = [refreshFor];
    }
    return cards.card('request-status', view);
  }

  return {
    /** `request` / "I lost my phone": the form (prefilled with a name after "request for"). */
    async command(context: TurnContext, argument: string): Promise<void> {
      await context.sendActivity({ type: 'typing' });
      const form = formCard(await useCases.openRequestForm({ typed: argument }));
      await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: form }] });
    },

    async open(): Promise<AdaptiveCardInvokeResponse> {
      return cardResponse(formCard(await useCases.openRequestForm({ typed: '' })));
    },

    /** "Request a pass for Sara" on a help-desk diagnosis: the form, with the person looked up by id (submit re-checks everything). */
    async openFor(_context: TurnContext, data: Record<string, unknown>): Promise<AdaptiveCardInvokeResponse> {
      return cardResponse(formCard(await useCases.openRequestForm({ targetId: text(data, 'targetId', 40) })));
    },

    async submit(context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const now = clock.now();
      const form = parseRequestForm(data, now);
      const outcome = await useCases.submitRequest(
        form.problems.length > 0
          ? null
          : {
              actorId: actor.id,
              target: form.targetId ?? (form.values.target || null),
              reason: { code: form.values.reason || 'other', text: form.values.reasonText || null },
              lifetimeInMinutes: form.values.lifetime,
              isUsableOnce: form.values.oneTime,
              startDateTime: form.startDateTime,
            },
      );
      const { policy } = outcome;
      switch (outcome.kind) {
        case 'invalid':
          return cardResponse(cards.card('request-form', requestFormView(policy, form.values, { problems: form.problems })));
        case 'choose-target':
          return cardResponse(
            cards.card('request-form', requestFormView(policy, form.values, { candidates: outcome.candidates, query: form.values.target })),
          );
        case 'refused':
          return cardResponse(
            cards.card(
              'request-form',
              requestFormView(policy, form.values, {
                problems: problemLines(outcome.problems),
                warnings: outcome.warnings.map(describeWarning),
              }),
            ),
          );
        case 'filed':
          await conversations.rememberInvokedCard(context, outcome.request.id, 'status', actor.id);
          return cardResponse(cards.card('request-status', requestStatusView(outcome.request, now, actor.id, outcome.warnings)));
      }
    },

    /**
     * "Refresh", pressed or sent by Teams as it shows a posted card again: whoever may say "status" and
     * the id (the requester, the target, the help desk for people in their reach) gets the card as it is now.
     */
    async refresh(_context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const found = await useCases.requestStatus(actor, requestId);
      return cardResponse(found.kind === 'found' ? statusCard(found.request, actor) : problemCard(cards, found.problem));
    },

    async cancel(_context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const outcome = await useCases.cancel({ requestId, actor });
      if (outcome.kind === 'refused') {
        return cardResponse(outcome.request ? statusCard(outcome.request, actor) : problemCard(cards, outcome.problem));
      }
      return cardResponse(statusCard(outcome.request, actor));
    },

    /** `cancel TAP-0042` typed in chat. */
    async cancelCommand(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      const requestId = requestIdOf({ requestId: argument });
      if (!requestId) {
        await context.sendActivity({
          attachments: [messageCard(cards, 'Which request?', 'Say "cancel" and the request id, e.g. cancel TAP-0042.', 'default')],
        });
        return;
      }
      // Typed, not clicked: this is the one place its request id is parsed, so the log context is set here.
      const outcome = await withRequestId(requestId, () => useCases.cancel({ requestId, actor }));
      const card = outcome.kind === 'refused' ? problemCard(cards, outcome.problem) : statusCard(outcome.request, actor);
      await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    },

    /** PASS_DELIVERY=requester: creates the pass now and shows it to the requester, once. */
    async reveal(context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      // The message the pass lands on closes with the hand-over like every copy (conversations.ts).
      const beforeShown = () => conversations.rememberPassCard(context, requestId, 'status', actor.id);
      const outcome = await useCases.reveal({ requestId, actor, beforeShown });
      if (outcome.kind === 'issued') return cardResponse(cards.card('pass-reveal', passRevealView(outcome.request, outcome.pass, true)));
      // A second click while the pass is being created or on screen: a message answer leaves the card (and the pass) alone.
      if (outcome.kind === 'in-progress') return messageResponse(PASS_UNDER_WAY);
      if (outcome.kind === 'refused' && !outcome.request) return cardResponse(problemCard(cards, outcome.problem));
      const request = outcome.request as RequestView;
      const view = requestStatusView(request, clock.now(), actor.id);
      if (outcome.kind === 'refused' || outcome.kind === 'failed') {
        view.warnings = problemLines([outcome.problem]);
        view.showWarnings = true;
      }
      return cardResponse(cards.card('request-status', view));
    },

    statusCard,
  };
}
