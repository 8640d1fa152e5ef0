// What a handler gets to know about the turn: the authenticated actor and a way to answer.
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { CardJson } from './cards/renderer';
import type { Actor } from '../app';

/** The person acting: always `from.aadObjectId` of the (authenticated) activity, never card data. */
export type { Actor } from '../app';

export function actorOf(context: TurnContext): Actor {
  const from = context.activity.from;
  // The HTTP layer refuses messages and invokes without aadObjectId, so this holds for handlers.
  return { id: String(from.aadObjectId ?? '').toLowerCase(), userPrincipalName: null, name: from.name ?? 'someone' };
}

export function cardResponse(card: CardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}

export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
}
