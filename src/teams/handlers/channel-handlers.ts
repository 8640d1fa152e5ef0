// `approvals here`: an admin chooses the team channel where approval cards are posted.
import type { TurnContext } from 'botbuilder';
import { Roles } from '../../domain/facts';
import type { TeamsDeps } from './teams-deps';
import type { Actor } from '../turn';
import { messageCard } from './messages';

const ISSUING = new Set<string>([Roles.globalAdministrator, Roles.privilegedAuthenticationAdministrator, Roles.authenticationAdministrator]);

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
      const facts = await deps.useCases.deps.directory.decisionFacts({ targetId: actor.id, actorId: actor.id });
      const active = (facts.actor?.activeRoles ?? []).some((r) => ISSUING.has(r.roleTemplateId) && r.scope.kind === 'tenant');
      if (!active) {
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
      await deps.conversations.setApprovals(context);
      await deps.useCases.deps.stores.audit.append({
        at: deps.clock.now().toISOString(),
        action: 'settings.approvals-channel',
        actor: { id: actor.id, displayName: actor.name },
        targetUserId: null,
        requestId: null,
        outcome: 'ok',
        details: { conversationId: context.activity.conversation.id.split(';messageid=')[0] ?? null },
      });
      await context.sendActivity({
        attachments: [messageCard(cards, 'Approvals will come here', 'New Temporary Access Pass requests will be posted in this channel for approval.', 'good')],
      });
    },
  };
}
