// Every handler, registered in one place: commands by name, card actions by verb.
import type { AdaptiveCardInvokeResponse, ConversationReference, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { UseCases } from '../../app';
import type { BotHandlers } from '../bot';
import type { CardRenderer } from '../cards/renderer';
import type { Conversations } from '../conversations';
import { cardResponse } from '../turn';
import { HELP_VIEW, helpHandlers } from './help';
import { requestHandlers } from './request-handlers';
import { approvalHandlers } from './approval-handlers';
import { channelHandlers } from './channel-handlers';
import { statusHandlers } from './status-handlers';
import { ownRightsHandlers } from './own-rights-handlers';
import { admission } from './admission';
import { diagnoseHandlers } from './diagnose-handlers';
import { healthHandlers } from './health-handlers';
import { followUpHandlers } from './follow-up-handlers';
import { managerHandlers } from './manager-handlers';
import { problemCard } from './messages';
import type { TeamsDeps } from './teams-deps';
import type { DelegatedSignIn } from './clicker-sign-in';

export interface HandlerDeps {
  config: Config;
  useCases: UseCases;
  cards: CardRenderer;
  conversations: Conversations;
  logger: Logger;
  clock: { now(): Date };
  signIn?: DelegatedSignIn | null;
}

export function configuredApprovals(config: Config): Partial<ConversationReference> | null {
  if (!config.approvalsConversationId || !config.approvalsServiceUrl) return null;
  return {
    channelId: 'msteams',
    serviceUrl: config.approvalsServiceUrl,
    conversation: { id: config.approvalsConversationId, isGroup: true, conversationType: 'channel', tenantId: config.tenantId, name: '' },
  };
}

export function createHandlers(deps: HandlerDeps): BotHandlers {
  const teams: TeamsDeps = { ...deps };
  const help = helpHandlers(deps.cards);
  const requests = requestHandlers(teams);
  const approvals = approvalHandlers(teams);
  const channel = channelHandlers(teams);
  const ownRights = ownRightsHandlers(teams);
  const status = statusHandlers(teams, requests, ownRights);
  const diagnosis = diagnoseHandlers(teams);
  const health = healthHandlers(teams);
  const followUps = followUpHandlers(teams);
  const managers = managerHandlers(teams);

  return {
    commands: {
      help: help.help,
      request: requests.command,
      status: status.command,
      cancel: requests.cancelCommand,
      'approvals-here': channel.approvalsHere,
      pending: status.pending,
      diagnose: diagnosis.command,
      revoke: status.revoke,
      audit: status.audit,
      'export-audit': status.exportAudit,
      health: health.command,
    },
    verbs: {
      help: async () => cardResponse(deps.cards.card('help', HELP_VIEW)),
      'request.open': requests.open,
      'request.open-for': requests.openFor,
      'request.submit': requests.submit,
      'request.refresh': requests.refresh,
      'request.cancel': requests.cancel,
      'pass.reveal': requests.reveal,
      'status.mine': status.mineVerb,
      'pending.page': status.pendingPageVerb,
      'approval.refresh': approvals.refresh,
      'approval.approve': approvals.approve,
      'approval.deny': approvals.deny,
      'approval.face-check': approvals.faceCheck,
      'pass.handed-over': approvals.handedOver,
      'status.pick': status.statusPick,
      'revoke.pick': status.revokePick,
      'pass.not-me': ownRights.notMe,
      'pass.remove-own': followUps.removeOwn,
      'revoke.confirm': ownRights.revokeConfirm,
      'pass.remove-orphan': ownRights.removeOrphan,
      'identity.confirm': managers.confirm,
      'identity.not-them': managers.notThem,
      'diagnose.open': diagnosis.open,
      'diagnose.pick': diagnosis.pick,
      'diagnose.run': diagnosis.run,
      'diagnose.escalate': diagnosis.escalate,
    },
    fallback: async (context: TurnContext) => {
      await context.sendActivity("I didn't understand that. Here is what I can do:");
      await help.help(context);
    },
    welcome: help.welcome,
    fileConsent: status.fileConsent,
    admit: admission(teams),
    noRequest: (typed: string) => cardResponse(problemCard(deps.cards, { code: 'request.not-found', params: { id: typed } })),
    cardError: (error: unknown): AdaptiveCardInvokeResponse => {
      try {
        return cardResponse(problemCard(deps.cards, deps.useCases.problemOf(error)));
      } catch {
        const reference = randomUUID().slice(0, 8);
        deps.logger.error({ err: error, reference }, 'unexpected card action failure');
        return cardResponse(
          deps.cards.card('message', {
            title: 'Something failed on our side',
            tone: 'attention',
            body: `TAP Desk hit an unexpected error (reference ${reference}). If you were approving, open the request again: the card shows whether anything was issued.`,
            details: [],
            nextStep: 'Try again in a minute; if it keeps failing, give the reference to the TAP Desk administrators.',
            showNextStep: true,
          }),
        );
      }
    },
  };
}
