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
      activity.channelId !== 'msteams' ? 'channel' : tenants.some((t) => t === undefined || t.toLowerCase() !== expected) ? 'tenant' : null;
    if (reason) {
      const actor = actorOf(context);
      await deps.useCases.refuseActivity(actor.id ? actor : null, reason, {
        channelId: String(activity.channelId).slice(0, 64),
        tenantId: String(tenants[0] ?? tenants[1] ?? '').slice(0, 64),
        type: String(activity.type).slice(0, 32),
      });
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
