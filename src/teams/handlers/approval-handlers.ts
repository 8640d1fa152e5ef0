// The approver's side: review (refresh), approve, deny. Who clicked is the activity's aadObjectId;
// the card's data names only the request, and everything else is reloaded and re-checked live.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { TapRequest } from '../../domain/request-types';
import { canIssue } from '../../domain/issuer-rules';
import { checkEligibility } from '../../domain/eligibility';
import type { DecisionOutcome } from '../../app/decide-request';
import type { TeamsDeps } from './teams-deps';
import { cardResponse, type Actor } from '../turn';
import { approvalView, isVerificationMethod, passRevealView } from '../views/approval-views';
import { problemLines, requestStatusView } from '../views/request-views';
import { describeWarning } from '../views/warnings';
import { requestIdOf, text } from './form-input';
import { problemCard } from './messages';
import { signedInApprover } from './approver-sign-in';

export function approvalHandlers(deps: TeamsDeps) {
  const { useCases, cards, clock } = deps;

  function readOnly(request: TapRequest, problems: string[] = []) {
    return cardResponse(cards.card('approval', approvalView(request, clock.now(), { actionable: false, problems })));
  }

  /** The card as this person may see it: actionable only when they could approve it right now. */
  async function review(requestId: string, actor: Actor, problems: string[] = []): Promise<AdaptiveCardInvokeResponse> {
    const stored = await useCases.deps.stores.requests.get(requestId);
    if (!stored) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: requestId } }));
    const request = stored.value;
    const open = request.status === 'pending' || (request.status === 'failed' && request.failure.retryable && request.approval !== null);
    if (!open) return readOnly(request, problems);
    const facts = await useCases.deps.directory.decisionFacts({ targetId: request.target.id, actorId: actor.id });
    if (!facts.actor || !facts.target) return readOnly(request, problemLines([{ code: 'target.not-found', params: { query: request.target.userPrincipalName } }]));
    const allowed = canIssue(facts.actor, facts.target, request.requester.id);
    const eligibility = checkEligibility(facts.target, facts.policy, request.pass, clock.now(), { refuseHighRisk: deps.config.refuseHighRisk });
    const reasons = [...(allowed.ok ? [] : [allowed.error]), ...eligibility.refusals];
    return cardResponse(
      cards.card(
        'approval',
        approvalView(request, clock.now(), {
          actionable: reasons.length === 0,
          facts: facts.target,
          problems: [...problems, ...problemLines(reasons)],
          warnings: eligibility.warnings.map(describeWarning),
        }),
      ),
    );
  }

  function answer(outcome: DecisionOutcome, actor: Actor): Promise<AdaptiveCardInvokeResponse> | AdaptiveCardInvokeResponse {
    switch (outcome.kind) {
      case 'issued':
        return cardResponse(cards.card('pass-reveal', passRevealView(outcome.request, outcome.pass, false)));
      case 'refused':
        if (!outcome.request) return cardResponse(problemCard(cards, outcome.problem));
        return review(outcome.request.id, actor, problemLines([outcome.problem]));
      case 'failed':
        return readOnly(outcome.request, problemLines([outcome.problem]));
      default:
        return readOnly(outcome.request);
    }
  }

  return {
    async refresh(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      if (!requestId) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: '' } }));
      return review(requestId, actor);
    },

    async approve(context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      if (!requestId) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: '' } }));
      const verification = text(data, 'verification', 40);
      if (!isVerificationMethod(verification)) {
        return review(requestId, actor, ['Say how you verified it is really them, then approve.']);
      }
      const note = text(data, 'verificationNote', 200);
      if (verification === 'other' && !note) return review(requestId, actor, ['With "Other", say in the note how you verified them.']);
      let asApprover = null;
      if (deps.signIn) {
        const signedIn = await signedInApprover(deps.signIn, deps.logger, context, actor, requestId);
        if (signedIn.kind === 'answer') return signedIn.response;
        if (signedIn.kind === 'problem') return review(requestId, actor, problemLines([signedIn.problem]));
        asApprover = signedIn.writer;
      }
      const outcome = await useCases.approve({ requestId, actorId: actor.id, verification, verificationNote: note || null, asApprover });
      return answer(outcome, actor);
    },

    /**
     * "Handed over" on the pass card: the holder is done, so every copy may now say "Issued". The
     * answer replaces the pass on their screen with the request's card, without the pass.
     */
    async handedOver(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      if (!requestId) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: '' } }));
      const outcome = await useCases.handOver({ requestId, actor: { id: actor.id, userPrincipalName: '', displayName: actor.name } });
      if (outcome.kind === 'refused') return cardResponse(problemCard(cards, outcome.problem));
      const request = outcome.request as TapRequest;
      if (request.delivery === 'requester') return cardResponse(cards.card('request-status', requestStatusView(request, clock.now(), actor.id)));
      return readOnly(request);
    },

    async deny(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = requestIdOf(data);
      if (!requestId) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: '' } }));
      const reason = text(data, 'denyReason', 300);
      if (!reason) return review(requestId, actor, ['Give a reason for denying; the requester will see it.']);
      return answer(await useCases.deny({ requestId, actorId: actor.id, reason }), actor);
    },
  };
}
