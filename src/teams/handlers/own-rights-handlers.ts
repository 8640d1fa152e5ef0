// Clicks that act with the clicker's own Entra rights beyond approving: "This wasn't me" (the holder removes their own
// pass), a help-desk revoke, and removing an orphaned pass. Each is authorised live first (is this the holder; may
// this agent revoke this person's pass now), and only then, in delegated mode, asks for the sign-in
// (clicker-sign-in.ts) for exactly this action on this subject. Card data names the subject only; it is re-read.
import type { AdaptiveCardInvokeResponse, Attachment, TurnContext } from 'botbuilder';
import { type Actor, type Subject, type RevokeOutcome, GUID } from '../../app';
import { notMeSummary, sessionsSentence } from '../views/own-pass-texts';
import type { TeamsDeps } from './teams-deps';
import type { RequestAction } from '../bot';
import { cardResponse } from '../turn';
import { messageCard, problemCard } from './messages';
import { formatTime } from '../format';
import { text } from './form-input';
import { signedInClicker } from './clicker-sign-in';
import { orphanView } from '../views/orphan-views';

export function ownRightsHandlers(deps: TeamsDeps) {
  const { cards, useCases, logger } = deps;

  function revokedCard(outcome: RevokeOutcome): Attachment {
    switch (outcome.kind) {
      case 'refused':
        return { contentType: 'application/vnd.microsoft.card.adaptive', content: problemCard(cards, outcome.problem) };
      case 'no-pass':
        return messageCard(cards, 'Nothing to revoke', `${outcome.user.displayName} has no Temporary Access Pass.`, 'default');
      case 'revoked': {
        const sessions = sessionsSentence(outcome.sessions);
        return messageCard(
          cards,
          'Pass revoked',
          `${outcome.user.displayName}'s Temporary Access Pass (created ${formatTime(outcome.pass.createdDateTime)}) was deleted. ` +
            `It no longer works.${sessions ? ` ${sessions}` : ''}`,
          outcome.sessions === 'not-permitted' || outcome.sessions === 'failed' ? 'warning' : 'good',
          [],
          `${outcome.user.displayName} has been told. Issue a new pass with "request for ${outcome.user.userPrincipalName}" if needed.`,
        );
      }
    }
  }

  return {
    /**
     * Delegated mode's answer to `revoke <person>`: the card whose Revoke button signs the agent in. Only an agent
     * who may revoke this person's pass now gets the button; anyone else the refusal.
     */
    async revokeCard(actor: Actor, subject: Subject): Promise<Attachment | null> {
      const review = await useCases.revokeReview(actor, subject);
      if (review.kind === 'choose' || review.kind === 'none') return null;
      if (review.kind !== 'may-revoke') return revokedCard(review);
      const { user, pass } = review;
      return cards.attachment('revoke-confirm', {
        title: `Revoke the pass of ${user.displayName}?`,
        body: `${user.displayName} (${user.userPrincipalName}) holds a Temporary Access Pass.`,
        details: [
          `created ${formatTime(pass.createdDateTime)}`,
          pass.isUsable ? 'usable now' : 'not usable now',
          pass.isUsableOnce ? 'one-time' : 'multi-use',
        ],
        userId: user.id,
      });
    },

    async revokeConfirm(context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const userId = text(data, 'targetId', 40).toLowerCase();
      if (!GUID.test(userId)) return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: userId } }));
      const endSessions = text(data, 'endSessions', 5) === 'true';
      if (deps.signIn) {
        // Authorisation first: a sign-in only for an agent who may revoke this pass now.
        const review = await useCases.revokeReview(actor, { userId });
        if (review.kind !== 'may-revoke') return cardResponse(revokedCard(review as RevokeOutcome).content as Record<string, unknown>);
        const ask = {
          subject: `revoke.confirm:${userId}`,
          text: 'Sign in so that TAP Desk can delete the pass with your own Entra rights',
        };
        const signedIn = await signedInClicker(deps.signIn, useCases, logger, context, actor, ask);
        if (signedIn.kind === 'answer') return signedIn.response;
        if (signedIn.kind === 'problem') return cardResponse(problemCard(cards, signedIn.problem));
      }
      const outcome = await useCases.revokePass(actor, { userId }, { endSessions });
      if (outcome.kind === 'choose' || outcome.kind === 'none') {
        return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: userId } }));
      }
      return cardResponse(revokedCard(outcome).content as Record<string, unknown>);
    },

    /** "Remove it" on an orphan card: authorised live, signed in (delegated), settled with the clicker's own rights. */
    async removeOrphan(context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const review = await useCases.reviewOrphan(actor, requestId);
      if (review.kind === 'refused') return cardResponse(problemCard(cards, review.problem));
      if (review.kind === 'settled')
        return cardResponse(cards.card('orphan', orphanView(review.request, 'Already settled: nothing is left to remove.')));
      if (deps.signIn) {
        const ask = {
          subject: `pass.remove-orphan:${requestId}`,
          text: 'Sign in so that TAP Desk can remove the pass with your own Entra rights',
        };
        const signedIn = await signedInClicker(deps.signIn, useCases, logger, context, actor, ask);
        if (signedIn.kind === 'answer') return signedIn.response;
        if (signedIn.kind === 'problem') return cardResponse(problemCard(cards, signedIn.problem));
      }
      const outcome = await useCases.removeOrphan(actor, requestId);
      switch (outcome.kind) {
        case 'refused':
        case 'not-yet':
          return cardResponse(problemCard(cards, outcome.problem));
        case 'settled':
          return cardResponse(cards.card('orphan', orphanView(outcome.request, 'Already settled: nothing is left to remove.')));
        case 'removed':
          return cardResponse(
            cards.card('orphan', orphanView(outcome.request, `Removed by ${actor.name}: the pass that nobody held is deleted.`)),
          );
        case 'none-found':
          return cardResponse(
            cards.card('orphan', orphanView(outcome.request, `Checked by ${actor.name}: no such pass was created. Nothing to remove.`)),
          );
      }
    },

    /**
     * "This wasn't me" on the holder's notice: the holder removes their own pass (with their own rights in delegated
     * mode), their sessions are ended, and the help desk is alerted whatever happens (also when they are first sent
     * to sign in, so that a sign-in never finished still reaches the help desk).
     */
    async notMe(context: TurnContext, { requestId }: RequestAction, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const notFound = () => cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: requestId } }));
      const request = await useCases.ownRequest(actor, requestId);
      if (!request) return notFound();
      if (deps.signIn) {
        const ask = {
          subject: `pass.not-me:${requestId}`,
          text: 'Sign in so that TAP Desk can remove the pass from your account with your own rights',
        };
        const signedIn = await signedInClicker(deps.signIn, useCases, logger, context, actor, ask);
        if (signedIn.kind !== 'ready') {
          await useCases.reportNotMe(actor, requestId, signedIn.kind === 'problem' ? signedIn.problem : null);
          if (signedIn.kind === 'answer') return signedIn.response;
          return cardResponse(problemCard(cards, signedIn.problem));
        }
      }
      const outcome = await useCases.removeOwnPass(actor, requestId, 'not-me');
      if (outcome.kind === 'not-found') return cardResponse(problemCard(cards, outcome.problem));
      const summary = notMeSummary(outcome.result);
      return cardResponse(
        cards.card('message', {
          title: 'Thanks for telling us',
          tone: summary.tone,
          body: summary.forPerson,
          details: [],
          nextStep: 'If you think your account is being misused, also change your password.',
          showNextStep: true,
        }),
      );
    },
  };
}
