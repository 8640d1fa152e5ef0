// The message a pass is shown on must close like every other copy of the request (after "Handed
// over", or by itself after the hand-over time), so it is remembered before the answer goes: the use
// case runs this beside Graph's create, once the claim says the pass is this clicker's.
import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../app';
import type { CardKind } from '../conversations';
import type { TeamsDeps } from './teams-deps';

/**
 * Never stops the pass reaching its holder: the pass exists now, and a lost answer would cost a new one.
 * If the store cannot take the row, the message keeps the pass until "Handed over" or Teams shows it again.
 */
export async function rememberPassCard(deps: TeamsDeps, context: TurnContext, requestId: string, kind: CardKind, holder: Actor) {
  await deps.conversations.rememberPassCard(context, requestId, kind, holder.id).catch((err: unknown) => {
    deps.logger.error({ err, requestId }, 'the message showing the pass could not be remembered: it closes only on "Handed over"');
  });
}
