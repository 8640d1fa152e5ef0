// The requester's side: open the form, submit it, see and cancel requests, reveal a pass.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { TapRequest } from '../../domain/request-types';
import type { TeamsDeps } from './teams-deps';
import { cardResponse, type Actor } from '../turn';
import { EMPTY_FORM, problemLines, requestFormView, requestStatusView } from '../views/request-views';
import { approvalView, passRevealView } from '../views/approval-views';
import { describeWarning } from '../views/warnings';
import { parseRequestForm, requestIdOf, text } from './form-input';
import { messageCard, problemCard } from './messages';

export function requestHandlers(deps: TeamsDeps) {
  const { useCases, cards, conversations, clock } = deps;

  async function formCard(argument: string) {
    const policy = await useCases.deps.directory.tapPolicy();
    return cards.card('request-form', requestFormView(policy, { ...EMPTY_FORM, target: argument.slice(0, 200) }));
  }

  function statusCard(request: TapRequest, viewer: Actor) {
    return cards.card('request-status', requestStatusView(request, clock.now(), viewer.id));
  }

  return {
    /** `request` / "I lost my phone": the form (prefilled with a name after "request for"). */
    async command(context: TurnContext, argument: string): Promise<void> {
      await context.sendActivity({ type: 'typing' });
      await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: await formCard(argument) }] });
    },

    async open(): Promise<AdaptiveCardInvokeResponse> {
      return cardResponse(await formCard(''));
    },

    /** "Request a pass for Sara" on a help-desk diagnosis: the form, with the person looked up by id (submit re-checks everything). */
    async openFor(_context: TurnContext, data: Record<string, unknown>): Promise<AdaptiveCardInvokeResponse> {
      const userId = text(data, 'targetId', 40).toLowerCase();
      const user = /^[0-9a-f-]{36}$/.test(userId) ? (await useCases.deps.directory.findUsers(userId, 1))[0] : undefined;
      return cardResponse(await formCard(user?.userPrincipalName ?? ''));
    },

    async submit(context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const now = clock.now();
      const form = parseRequestForm(data, now);
      const policy = await useCases.deps.directory.tapPolicy();
      if (form.problems.length > 0) return cardResponse(cards.card('request-form', requestFormView(policy, form.values, { problems: form.problems })));
      const outcome = await useCases.fileRequest({
        actorId: actor.id,
        target: form.targetId ?? (form.values.target || null),
        reason: { code: form.values.reason || 'other', text: form.values.reasonText || null },
        lifetimeInMinutes: form.values.lifetime,
        isUsableOnce: policy.isUsableOnce ? true : form.values.oneTime,
        startDateTime: form.startDateTime,
      });
      switch (outcome.kind) {
        case 'choose-target':
          return cardResponse(cards.card('request-form', requestFormView(policy, form.values, { candidates: outcome.candidates, query: form.values.target })));
        case 'refused':
          return cardResponse(
            cards.card(
              'request-form',
              requestFormView(policy, form.values, { problems: problemLines(outcome.problems), warnings: outcome.warnings.map(describeWarning) }),
            ),
          );
        case 'filed':
          await conversations.rememberInvokedCard(context, outcome.request.id, 'status', actor.id);
          return cardResponse(cards.card('request-status', requestStatusView(outcome.request, now, actor.id, outcome.warnings)));
      }
    },

    async refresh(context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      const stored = requestId ? await useCases.deps.stores.requests.get(requestId) : null;
      if (!stored || !involves(stored.value, actor.id)) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: requestId ?? '' } }));
      return cardResponse(statusCard(stored.value, actor));
    },

    async cancel(context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      if (!requestId) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: '' } }));
      const outcome = await useCases.cancel({ requestId, actor: { id: actor.id, userPrincipalName: '', displayName: actor.name } });
      if (outcome.kind === 'refused') {
        return cardResponse(outcome.request ? statusCard(outcome.request, actor) : problemCard(cards, outcome.problem));
      }
      return cardResponse(statusCard(outcome.request, actor));
    },

    /** `cancel TAP-0042` typed in chat. */
    async cancelCommand(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      const requestId = /^TAP-\d{1,9}$/i.test(argument) ? argument.toUpperCase() : null;
      if (!requestId) {
        await context.sendActivity({ attachments: [messageCard(cards, 'Which request?', 'Say "cancel" and the request id, e.g. cancel TAP-0042.', 'default')] });
        return;
      }
      const outcome = await useCases.cancel({ requestId, actor: { id: actor.id, userPrincipalName: '', displayName: actor.name } });
      const card = outcome.kind === 'refused' ? problemCard(cards, outcome.problem) : statusCard(outcome.request, actor);
      await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    },

    /** PASS_DELIVERY=requester: creates the pass now and shows it to the requester, once. */
    async reveal(context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      if (!requestId) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: '' } }));
      const outcome = await useCases.reveal({ requestId, actor: { id: actor.id, userPrincipalName: '', displayName: actor.name } });
      if (outcome.kind === 'issued') return cardResponse(cards.card('pass-reveal', passRevealView(outcome.request, outcome.pass, true)));
      if (outcome.kind === 'refused' && !outcome.request) return cardResponse(problemCard(cards, outcome.problem));
      const request = outcome.request as TapRequest;
      const view = requestStatusView(request, clock.now(), actor.id);
      if (outcome.kind === 'refused' || outcome.kind === 'failed') {
        view.warnings = problemLines([outcome.problem]);
        view.showWarnings = true;
      }
      return cardResponse(cards.card('request-status', view));
    },

    /** `status` with no argument: the actor's own requests, newest first. */
    async mine(context: TurnContext, actor: Actor): Promise<TapRequest[]> {
      const mine = await useCases.deps.stores.requests.listByUser(actor.id);
      return mine.map((v) => v.value);
    },

    statusCard,
    approvalCard: (request: TapRequest) => cards.card('approval', approvalView(request, clock.now(), { actionable: false })),
  };
}

function involves(request: TapRequest, userId: string): boolean {
  return request.requester.id === userId || request.target.id === userId;
}
