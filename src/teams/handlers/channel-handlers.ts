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
          attachments: [
            messageCard(
              cards,
              'Use a team channel',
              'Approval cards go to a team channel. @mention me there with "approvals here".',
              'warning',
            ),
          ],
        });
        return;
      }
      // Bots cannot post messages or cards in private channels (and this message may be the only thing
      // they ever receive there): https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/bots/bot-conversations/bots-conv-channel
      // The Bot Framework schema names it channelData.channel.type (standard, shared, private); some payloads say membershipType.
      const channel = (context.activity.channelData as { channel?: { type?: unknown; membershipType?: unknown } } | undefined)?.channel;
      if (String(channel?.type ?? channel?.membershipType ?? '').toLowerCase() === 'private') {
        const answer = context.sendActivity({
          attachments: [
            messageCard(
              cards,
              'Not in a private channel',
              'Teams does not let bots post messages or cards in private channels, so approval cards cannot come here. Nothing was changed.',
              'warning',
              [],
              'Say "approvals here" in a standard channel that only the approvers can read, e.g. a team of its own.',
            ),
          ],
        });
        // Where Teams refuses even this reply, the refusal is logged; the channel stays unchosen either way.
        await answer.catch((err: unknown) => deps.logger.warn({ err }, 'could not answer in a private channel'));
        return;
      }
      const claimed = await deps.useCases.claimApprovalsChannel(actor, context.activity.conversation.id, () =>
        deps.conversations.setApprovals(context),
      );
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
        attachments: [
          messageCard(
            cards,
            'Approvals will come here',
            'New Temporary Access Pass requests will be posted in this channel for approval.',
            'good',
          ),
        ],
      });
    },
  };
}
