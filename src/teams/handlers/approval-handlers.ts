// The approver's side: review (refresh), approve, deny. Who clicked is the activity's aadObjectId;
// the card's data names only the request, and the use cases reload and re-check everything live.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { ApprovalOutcome, Actor, ReviewOutcome, SignInStep } from '../../app';
import type { TeamsDeps } from './teams-deps';
import type { RequestAction } from '../bot';
import { cardResponse, messageResponse } from '../turn';
import { approvalView, holderView, isVerificationMethod, passRevealView } from '../views/approval-views';
import { problemLines, requestStatusView } from '../views/request-views';
import { describeWarning } from '../views/warnings';
import { text } from './form-input';
import { PASS_UNDER_WAY, problemCard } from './messages';
import { answerFor, signedInClicker } from './clicker-sign-in';

export function approvalHandlers(deps: TeamsDeps) {
  const { useCases, cards, clock } = deps;

  function readOnly(request: Parameters<typeof approvalView>[0], problems: string[] = []) {
    return cardResponse(cards.card('approval', approvalView(request, clock.now(), { actionable: false, problems })));
  }

  /** The card as this person may see it: actionable only when they could approve it right now. */
  function reviewCard(review: ReviewOutcome, problems: string[] = []): AdaptiveCardInvokeResponse {
    switch (review.kind) {
      case 'not-found':
        return cardResponse(problemCard(cards, review.problem));
      case 'closed':
        return readOnly(review.request, problems);
      case 'open':
        if (!review.facts) return readOnly(review.request, [...problems, ...problemLines(review.problems)]);
        return cardResponse(
          cards.card(
            'approval',
            approvalView(review.request, clock.now(), {
              actionable: review.actionable,
              canApprove: review.canApprove,
              evidence: review.evidence,
              facts: review.facts,
              needs: review.needs,
              problems: [...problems, ...problemLines(review.problems)],
              warnings: review.warnings.map(describeWarning),
              faceCheckOffered: useCases.faceCheckOffered,
            }),
          ),
        );
    }
  }

  async function review(requestId: string, actor: Actor, problems: string[] = []): Promise<AdaptiveCardInvokeResponse> {
    return reviewCard(await useCases.reviewApproval({ requestId, actor }), problems);
  }

  function answer(outcome: ApprovalOutcome): AdaptiveCardInvokeResponse {
    switch (outcome.kind) {
      case 'issued':
        return cardResponse(cards.card('pass-reveal', passRevealView(outcome.request, outcome.pass, false)));
      case 'refused':
        if (!outcome.review) return cardResponse(problemCard(cards, outcome.problem));
        return reviewCard(outcome.review, problemLines([outcome.problem]));
      case 'failed':
        return readOnly(outcome.request, problemLines([outcome.problem]));
      case 'in-progress':
        // A message-type answer leaves the clicker's card as it is: the pass (or the answer about to bring it) stays on screen.
        return messageResponse(PASS_UNDER_WAY);
      default:
        return readOnly(outcome.request);
    }
  }

  /**
   * An approver (someone the live review lets act on the card, or who just did) gets their own view of
   * approval cards on re-renders. Anyone else leaves nothing stored. Not awaited: the answer (maybe the
   * pass) never waits on this bookkeeping; a lost write only costs a re-render view.
   */
  function noteApprover(context: TurnContext, actor: Actor): void {
    if (context.activity.conversation?.conversationType !== 'channel') return;
    void deps.conversations
      .rememberApprover(context, actor.id)
      .catch((err: unknown) => deps.logger.warn({ err }, 'could not remember an approver for card refresh'));
  }

  /** Remembers the clicker when the outcome shows they may act on approval cards. */
  function noteIfApprover(context: TurnContext, actor: Actor, outcome: ApprovalOutcome): void {
    const acted = outcome.kind === 'issued' || outcome.kind === 'approved' || outcome.kind === 'denied' || outcome.kind === 'failed';
    const mayAct = outcome.kind === 'refused' && outcome.review?.kind === 'open' && outcome.review.actionable;
    if (acted || mayAct) noteApprover(context, actor);
  }

  /**
   * Teams re-rendering the message (`trigger: 'automatic'`, from the card's refresh): the stored state
   * as this person may see it, without live directory checks. The approver who was shown the pass,
   * while it may still be with them, sees when it was shown and "Handed over", never the pass.
   */
  async function rerendered(requestId: string, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
    const request = await useCases.currentRequest(requestId);
    if (!request) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: requestId } }));
    if (
      request.status === 'issued' &&
      request.answers.awaitingHandover &&
      request.delivery === 'approver' &&
      request.shownTo?.id === actor.id
    ) {
      return cardResponse(cards.card('approval', holderView(request, clock.now())));
    }
    return readOnly(request);
  }

  return {
    async refresh(context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      if ((context.activity.value as { trigger?: unknown } | undefined)?.trigger === 'automatic') return rerendered(requestId, actor);
      const current = await useCases.reviewApproval({ requestId, actor });
      if (current.kind === 'open' && current.actionable) noteApprover(context, actor);
      return reviewCard(current);
    },

    async approve(context: TurnContext, { requestId, data }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      // Checked here, not by the card: a required input on the card would also block Deny (Teams gathers
      // the whole card's inputs for an action inside Action.ShowCard).
      const verification = text(data, 'verification', 40);
      if (!isVerificationMethod(verification)) {
        return review(requestId, actor, ['Say how you verified it is really them, then approve.']);
      }
      const note = text(data, 'verificationNote', 200);
      if (verification === 'other' && !note) return review(requestId, actor, ['With "Other", say in the note how you verified them.']);
      let signingIn: Promise<SignInStep> | undefined;
      if (deps.signIn) {
        // Authorisation first: only someone the live review lets approve this request now is asked to sign in.
        // The sign-in link is asked for beside that review, once the row shows an open request (never for made-up
        // or closed ids); it is shown only if the review then allows, and otherwise dropped unseen.
        const authorise = async (startSignInLink: () => void): Promise<AdaptiveCardInvokeResponse | null> => {
          // With the chosen method: nobody is asked to sign in for an approval the evidence policy would refuse.
          const current = await useCases.reviewApproval({ requestId, actor, verification, whenApprovable: startSignInLink });
          // A second click from the approver whose pass is under way: a message answer leaves the pass on screen.
          if (current.kind === 'closed' && current.passUnderWay) return messageResponse(PASS_UNDER_WAY);
          if (current.kind !== 'open' || !current.canApprove) return reviewCard(current);
          noteApprover(context, actor);
          return null;
        };
        const ask = {
          subject: `approval.approve:${requestId}`,
          text: 'Sign in so that TAP Desk can create the pass with your own Entra rights',
          authorise,
          // The on-behalf-of exchange runs beside approve's reads; approve awaits it before it writes anything.
          exchangeBeside: true as const,
        };
        const signedIn = await signedInClicker(deps.signIn, useCases, deps.logger, context, actor, ask);
        if (signedIn.kind === 'answer') return signedIn.response;
        if (signedIn.kind === 'problem') return review(requestId, actor, problemLines([signedIn.problem]));
        signingIn = signedIn.kind === 'exchanging' ? signedIn.step : undefined;
      }
      // The message the pass lands on closes with the hand-over like every copy (conversations.ts).
      const beforeShown = () => deps.conversations.rememberPassCard(context, requestId, 'approval', actor.id);
      const outcome = await useCases.approve({ requestId, actor, verification, verificationNote: note || null, signingIn, beforeShown });
      if (outcome.kind === 'sign-in-failed') {
        // Answered as a refused exchange always was (answerFor): 412 for Teams' sign-in page, or the problem shown.
        const failed = answerFor({ kind: 'problem', problem: outcome.problem });
        if (failed.kind === 'answer') return failed.response;
        return review(requestId, actor, problemLines([outcome.problem]));
      }
      noteIfApprover(context, actor, outcome);
      return answer(outcome);
    },

    /** "Ask for a Face Check": the use case re-checks who may (the live review); the answer is their card, updated. */
    async faceCheck(context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const outcome = await useCases.askFaceCheck(actor, requestId);
      if (outcome.kind === 'not-found') return cardResponse(problemCard(cards, outcome.problem));
      if (outcome.kind === 'refused')
        return outcome.review
          ? reviewCard(outcome.review, problemLines([outcome.problem]))
          : review(requestId, actor, problemLines([outcome.problem]));
      noteApprover(context, actor);
      return reviewCard(outcome.review);
    },

    /**
     * "Handed over" on the pass card: the holder is done, so every copy may now say "Issued". The
     * answer replaces the pass on their screen with the request's card, without the pass.
     */
    async handedOver(_context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const outcome = await useCases.handOver({ requestId, actor });
      if (outcome.kind === 'refused') return cardResponse(problemCard(cards, outcome.problem));
      const request = outcome.request;
      if (request.delivery === 'requester')
        return cardResponse(cards.card('request-status', requestStatusView(request, clock.now(), actor.id)));
      return readOnly(request);
    },

    async deny(context: TurnContext, { requestId, data }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const reason = text(data, 'denyReason', 300);
      if (!reason) return review(requestId, actor, ['Give a reason for denying; the requester will see it.']);
      const outcome = await useCases.deny({ requestId, actor, reason });
      noteIfApprover(context, actor, outcome);
      return answer(outcome);
    },
  };
}
