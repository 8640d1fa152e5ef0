// Runs before every turn: only Teams, only our tenant (refusals audited), and remember 1:1 chats
// so notices can reach people later.
import type { TurnContext } from 'botbuilder';
import type { TeamsDeps } from './teams-deps';
import { actorOf } from '../turn';

function tenantsOf(context: TurnContext): Array<string | undefined> {
  const activity = context.activity;
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: unknown } };
  const fromChannelData = typeof channelData.tenant?.id === 'string' ? channelData.tenant.id : undefined;
  return [fromChannelData, activity.conversation?.tenantId];
}

export function admission(deps: TeamsDeps) {
  return async (context: TurnContext): Promise<boolean> => {
    const activity = context.activity;
    const expected = deps.config.tenantId.toLowerCase();
    const tenants = tenantsOf(context);
    const reason =
      activity.channelId !== 'msteams'
        ? 'channel'
        : tenants.some((t) => t === undefined || t.toLowerCase() !== expected)
          ? 'tenant'
          : null;
    if (reason) {
      const actor = actorOf(context);
      deps.logger.warn({ channelId: activity.channelId, reason }, 'activity refused');
      await deps.useCases.deps.stores.audit
        .append({
          at: deps.clock.now().toISOString(),
          action: 'activity.refused',
          actor: actor.id ? { id: actor.id, displayName: actor.name } : null,
          targetUserId: null,
          requestId: null,
          outcome: reason === 'channel' ? 'channel.not-teams' : 'tenant.foreign',
          details: { channelId: String(activity.channelId).slice(0, 64), tenantId: String(tenants[0] ?? tenants[1] ?? '').slice(0, 64), type: String(activity.type).slice(0, 32) },
        })
        .catch((error: unknown) => deps.logger.error({ err: error }, 'could not audit a refused activity'));
      if (activity.type === 'invoke') await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
      return false;
    }
    if (activity.type === 'message' || activity.type === 'invoke' || activity.type === 'conversationUpdate') {
      await deps.conversations.rememberPersonal(context, actorOf(context).id).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'could not remember the conversation');
      });
    }
    return true;
  };
}
