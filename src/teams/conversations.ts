// Where to reach people and which posted cards show which request, kept in the store so every
// instance can update any card (no in-process registry).
import { createHash } from 'node:crypto';
import { type ConversationReference, TurnContext } from 'botbuilder';
import { type KeyValueStore, StoreConflictError } from '../app';

export type CardKind = 'approval' | 'status';

export interface CardRef {
  kind: CardKind;
  reference: Partial<ConversationReference>;
  activityId: string;
  /** For status cards: whose view it is (the cancel button depends on it). */
  viewerId: string | null;
}

const USERS = 'conversation';
const APPROVERS = 'approver-view';
/** Teams refreshes a user-specific view automatically for at most 60 users of a card. */
export const REFRESH_USERS_MAX = 60;
const SETTINGS = 'setting';
const cardsPartition = (requestId: string) => `card-${requestId}`;

/** Teams' conversation, without a channel thread's `;messageid=` (rate limits and message ids are per conversation). */
export function conversationOf(reference: Partial<ConversationReference>): string {
  return (reference.conversation?.id ?? '').split(';messageid=')[0] as string;
}

/**
 * One key per message: Teams' activity ids are unique only within a conversation, so two messages in
 * different chats may share one. Hashed to fit a RowKey's characters and length.
 */
export function messageKey(reference: Partial<ConversationReference>, activityId: string): string {
  return createHash('sha256')
    .update(`${conversationOf(reference)}|${activityId}`)
    .digest('base64url')
    .slice(0, 32);
}

/** A channel conversation id may name a thread (`;messageid=`); new posts go to the channel itself. */
export function channelReference(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const conversation = reference.conversation;
  if (!conversation?.id) return reference;
  return { ...reference, conversation: { ...conversation, id: conversationOf(reference) } };
}

/** People whose 1:1 chat this instance has written lately; beyond it a turn just writes again. */
const REMEMBERED_LIMIT = 10_000;

export class Conversations {
  /**
   * A cache, not state: which 1:1 references this instance has already written, so an unchanged
   * chat costs no storage write per turn. Another instance, or a restart, writes it once more.
   */
  private readonly remembered = new Map<string, string>();
  private readonly approversSeen = new Map<string, number>();

  constructor(
    private readonly kv: KeyValueStore,
    private readonly configuredApprovals: Partial<ConversationReference> | null,
  ) {}

  /** Remembers a person's 1:1 chat with the bot, for notices later. */
  async rememberPersonal(context: TurnContext, userId: string): Promise<void> {
    if (context.activity.conversation?.conversationType !== 'personal' || !userId) return;
    // The id of the activity at hand changes every turn and no notice needs it.
    const { activityId: _turn, ...reference } = TurnContext.getConversationReference(context.activity);
    const fingerprint = JSON.stringify(reference);
    if (this.remembered.get(userId) === fingerprint) return;
    await this.kv.upsert(USERS, userId, reference);
    if (this.remembered.size >= REMEMBERED_LIMIT) this.remembered.delete(this.remembered.keys().next().value as string);
    this.remembered.set(userId, fingerprint);
  }

  async personal(userId: string): Promise<Partial<ConversationReference> | null> {
    return (await this.kv.get<Partial<ConversationReference>>(USERS, userId))?.value ?? null;
  }

  async setApprovals(context: TurnContext): Promise<void> {
    await this.kv.upsert(SETTINGS, 'approvals', channelReference(TurnContext.getConversationReference(context.activity)));
  }

  async approvals(): Promise<Partial<ConversationReference> | null> {
    return (await this.kv.get<Partial<ConversationReference>>(SETTINGS, 'approvals'))?.value ?? this.configuredApprovals;
  }

  /**
   * Someone acted on an approval card: their Teams user id joins the card's `refresh.userIds`, so a
   * re-render asks the bot for their own view (Universal Actions user-specific views, at most 60 people:
   * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views).
   * One row per person (no shared list to lose updates on between instances); the newest 60 count.
   */
  async rememberApprover(context: TurnContext, aadObjectId: string): Promise<void> {
    const teamsId = context.activity.from?.id;
    if (!teamsId || !aadObjectId) return;
    const minute = Math.floor(Date.now() / 60_000);
    // A cache, not state: skip the write when this instance wrote this person's row within the minute.
    if (this.approversSeen.get(aadObjectId) === minute) return;
    await this.kv.upsert(APPROVERS, aadObjectId, { teamsId, at: new Date().toISOString() });
    if (this.approversSeen.size >= REMEMBERED_LIMIT) this.approversSeen.delete(this.approversSeen.keys().next().value as string);
    this.approversSeen.set(aadObjectId, minute);
  }

  /** Teams user ids of the people who acted on approval cards lately, newest first, at most 60. */
  async approverViewers(): Promise<string[]> {
    const rows = (await this.kv.list<{ teamsId: string; at: string }>(APPROVERS)).map((entry) => entry.value.value);
    return rows
      .filter((row) => typeof row?.teamsId === 'string')
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, REFRESH_USERS_MAX)
      .map((row) => row.teamsId);
  }

  async rememberCard(requestId: string, card: CardRef): Promise<void> {
    await this.kv.upsert(cardsPartition(requestId), messageKey(card.reference, card.activityId), card);
  }

  /** Remembers the card a person just acted on (its activity is the one the invoke came from). */
  async rememberInvokedCard(context: TurnContext, requestId: string, kind: CardKind, viewerId: string | null): Promise<void> {
    const card = invokedCard(context, kind, viewerId);
    if (card) await this.rememberCard(requestId, card);
  }

  /**
   * The message a pass was just shown on, whatever it was before (the approval card, the pending list,
   * "My requests" on the help card): remembered so the hand-over closes it like any other copy. A
   * message already remembered keeps its row (the approval card's reference names the channel itself).
   */
  async rememberPassCard(context: TurnContext, requestId: string, kind: CardKind, viewerId: string): Promise<void> {
    const card = invokedCard(context, kind, viewerId);
    if (!card) return;
    try {
      await this.kv.put(cardsPartition(requestId), messageKey(card.reference, card.activityId), card);
    } catch (error) {
      if (!(error instanceof StoreConflictError && error.kind === 'exists')) throw error;
    }
  }

  /** The cards that show a request, one per message (rows written before messageKey may name a message twice). */
  async cards(requestId: string): Promise<CardRef[]> {
    return (await this.kv.list<CardRef>(cardsPartition(requestId))).map((entry) => entry.value.value);
  }
}

function invokedCard(context: TurnContext, kind: CardKind, viewerId: string | null): CardRef | null {
  const activityId = context.activity.replyToId;
  if (!activityId) return null;
  return { kind, reference: TurnContext.getConversationReference(context.activity), activityId, viewerId };
}
