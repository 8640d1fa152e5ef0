// `approvals here`: an admin chooses the team channel where approval cards are posted.
import type { TurnContext } from 'botbuilder';
import type { TeamsDeps } from './teams-deps';
import type { Actor } from '../turn';
import { messageCard } from './messages';

export function channelHandlers(deps: TeamsDeps) {
  return {
    async approvalsHere(context: TurnContext, _argument: string, actor: Actor): Promise<void> {
      const { cards } = deps;
      if (context.activity.conversation?.conversationType !== 'channel') {
        await context.sendActivity({
          attachments: [messageCard(cards, 'Use a team channel', 'Approval cards go to a team channel. @mention me there with "approvals here".', 'warning')],
        });
        return;
      }
      const claimed = await deps.useCases.claimApprovalsChannel(actor, context.activity.conversation.id, () => deps.conversations.setApprovals(context));
      if (claimed.kind === 'refused') {
        await context.sendActivity({
          attachments: [
            messageCard(
              cards,
              'Only an admin can choose the approvals channel',
              'Choosing where approvals go needs an active Authentication Administrator, Privileged Authentication Administrator or Global Administrator role (tenant-wide).',
              'attention',
              [],
              'Ask such an admin to say "approvals here" in this channel.',
            ),
          ],
        });
        return;
      }
      await context.sendActivity({
        attachments: [messageCard(cards, 'Approvals will come here', 'New Temporary Access Pass requests will be posted in this channel for approval.', 'good')],
      });
    },
  };
}
