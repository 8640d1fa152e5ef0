// What each person sees in Teams, as Teams shows it: every message the bot posted, where an update
// (PUT) replaces the message for everyone, and an invoke response replaces the message only on the
// screen of the person who clicked. Teams does not promise the order of an update sent during a
// turn and that turn's invoke response, so a click here can deliver the turn's updates before or
// after its response: the pass must survive both.
import type { Connector, Sent } from './connector';
import { type BotAnswer, cardOf, type Persona, type TeamsClient, type Where } from './teams-client';

export type Delivery = 'updates-first' | 'response-first';

type Card = Record<string, unknown>;

/**
 * A message as Teams knows it: its conversation and its id there. Teams' activity ids are unique only
 * within a conversation (the connector here numbers them per conversation), so neither is enough alone.
 */
export function messageKey(sent: Pick<Sent, 'conversationId' | 'activityId'>): string {
  return `${sent.conversationId.split(';messageid=')[0]}#${sent.activityId}`;
}

/** The activity id a click on the message carries as its replyToId. */
function activityIdOf(key: string): string {
  return key.slice(key.lastIndexOf('#') + 1);
}

function cardIn(activity: Record<string, unknown>): Card | null {
  const attachments = activity.attachments as Array<{ content?: Card }> | undefined;
  return attachments?.[0]?.content ?? null;
}

export class TeamsScreens {
  /** messageKey → what the message shows to everyone. */
  private readonly messages = new Map<string, Card>();
  /** personId → messageKey → what an invoke response put on that person's screen. */
  private readonly own = new Map<string, Map<string, Card>>();
  private seen = 0;

  constructor(
    private readonly client: TeamsClient,
    private readonly connector: Connector,
  ) {
    // Messages posted before the model started are the ones people see now.
    this.deliverUpdates();
  }

  /** Applies every post and update the bot sent since the last call, in the order it sent them. */
  deliverUpdates(): Sent[] {
    const fresh = this.connector.sent.slice(this.seen);
    this.seen = this.connector.sent.length;
    for (const sent of fresh) {
      const card = cardIn(sent.activity);
      if (!card) continue;
      this.messages.set(messageKey(sent), card);
      if (sent.method === 'PUT') for (const screens of this.own.values()) screens.delete(messageKey(sent));
    }
    return fresh.filter((s) => s.method === 'PUT');
  }

  /** The newest message the bot posted that matches (its messageKey). */
  async messageWhere(predicate: (card: Card, sent: Sent) => boolean): Promise<string> {
    const sent = await this.connector.waitFor(
      (s) => s.method === 'POST' && cardIn(s.activity) !== null && predicate(cardIn(s.activity) as Card, s),
    );
    this.deliverUpdates();
    return messageKey(sent);
  }

  /** What this person sees where the message is. */
  seenBy(persona: Persona, messageId: string): Card | null {
    return this.own.get(persona.id)?.get(messageId) ?? this.messages.get(messageId) ?? null;
  }

  /**
   * Teams re-renders message `messageId` for this person (scrolled back to, a reaction, the app reopened):
   * an invoke response no longer counts, the stored card shows, and when its `refresh.userIds` names the
   * person, Teams sends the refresh action (`trigger: 'automatic'`) and shows them the answer instead.
   */
  async rerender(persona: Persona, messageId: string, where: Where = 'channel'): Promise<Card | null> {
    this.deliverUpdates();
    this.own.get(persona.id)?.delete(messageId);
    const stored = this.messages.get(messageId) ?? null;
    const refresh = stored?.refresh as { action?: { verb?: string; data?: Record<string, unknown> }; userIds?: string[] } | undefined;
    if (!refresh?.action?.verb || !(refresh.userIds ?? []).includes(`29:${persona.id}`)) return stored;
    const answer = await this.client.click(persona, refresh.action.verb, refresh.action.data ?? {}, {
      where,
      replyToId: activityIdOf(messageId),
      trigger: 'automatic',
    });
    const screens = this.own.get(persona.id) ?? new Map<string, Card>();
    screens.set(messageId, cardOf(answer));
    this.own.set(persona.id, screens);
    return cardOf(answer);
  }

  /**
   * A click on the card in message `messageId`. The turn's updates land before or after its
   * response, as `delivery` says; `settleMs` lets updates sent just after the turn arrive too.
   */
  async click(
    persona: Persona,
    messageId: string,
    verb: string,
    data: Record<string, unknown>,
    options: { where?: Where; delivery?: Delivery; settleMs?: number } = {},
  ): Promise<{ answer: BotAnswer; updates: Sent[] }> {
    this.deliverUpdates();
    const answer = await this.client.click(persona, verb, data, { where: options.where ?? 'personal', replyToId: activityIdOf(messageId) });
    await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 150));
    // The turn's updates go through the outbox and may land just after its answer: let them (a busy machine
    // is slower), but never wait on a bot that keeps sending for other reasons.
    await this.connector.quiet(150, 3000).catch(() => undefined);
    const showResponse = () => {
      const screens = this.own.get(persona.id) ?? new Map<string, Card>();
      screens.set(messageId, cardOf(answer));
      this.own.set(persona.id, screens);
    };
    let updates: Sent[];
    if ((options.delivery ?? 'updates-first') === 'updates-first') {
      updates = this.deliverUpdates();
      showResponse();
    } else {
      showResponse();
      updates = this.deliverUpdates();
    }
    return { answer, updates };
  }
}
