// Tells people about a request after its state changed: updates every copy of its cards, posts the
// approval card when it is filed, and messages the requester and the target in their 1:1 chats.
// Never carries a pass value: the views it renders have no field for one. Every post and update goes
// through the durable outbox (app/kernel/outbox.ts), paced per conversation and retried as Teams asks.
import { createHash, randomUUID } from 'node:crypto';
import type { ConversationReference, TurnContext, Activity } from 'botbuilder';
import type { NotMeAlert, Notifier, RequestEvent, Clock, Outbox, RequestView } from '../app';
import type { TapRequest } from '../domain/request-types';
import type { Logger } from '../logger';
import type { TapDeskAdapter } from './adapter';
import type { CardRenderer } from './cards/renderer';
import { type CardRef, type Conversations, conversationOf, messageKey } from './conversations';
import { orphanView } from './views/orphan-views';
import { approvalView } from './views/approval-views';
import { requestStatusView, statusLabel } from './views/request-views';
import { formatTime } from './format';
import { escapeMarkdown as md, unescapeMarkdown } from './markdown';
import { removalOfferView } from './views/follow-up-views';
import { notMeSummary } from './views/own-pass-texts';
import { managerAskView } from './views/manager-check-views';
import { faceCheckAskView } from './views/face-check-views';
import { explain } from './texts';

export interface TeamsNotifierDeps {
  adapter: TapDeskAdapter;
  appId: string;
  cards: CardRenderer;
  conversations: Conversations;
  clock: Clock;
  logger: Logger;
  /**
   * Runs messages to people after the turn that caused them has answered (graceful shutdown waits
   * for them). Card updates are written to the outbox within the turn (and usually sent before it
   * answers, unless Teams is holding the conversation back), but never to the card a pass holder clicked
   * while the pass may be on their screen (mayShowPass): Teams may deliver an update after the
   * invoke response, whatever order we send them in.
   */
  afterTurn?: (task: Promise<unknown>) => void;
  /** Mentioned in channel posts so its members are notified (APPROVERS_TAG_ID/NAME); none when unset. */
  approversTag?: { id: string; name: string } | null;
  /** False: approval cards carry no refresh (a client without user-specific views, e.g. the Agents Playground). */
  userSpecificViews?: boolean;
  /** Where posts and updates wait until Teams takes them (main.ts builds it around deliver()). */
  outbox: Outbox<Notice>;
  /** The request as stored now: an update renders what is current when it is sent, not when it was queued. */
  readRequest(requestId: string): Promise<RequestView | null>;
  /** How long a turn waits for its card posts and updates before leaving them to the outbox (default 1 s). */
  deliveryWaitMs?: number;
}

/**
 * A channel post's text: the summary (what notifications and the channel list show instead of "sent a
 * card"), after a mention of the approvers' tag when one is configured. Tag mentions:
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#tag-mention
 */
export function channelPost(text: string, tag: { id: string; name: string } | null | undefined): Partial<Activity> {
  // `text` is markdown (names escaped); the summary is shown as plain text.
  const summary = unescapeMarkdown(text);
  if (!tag) return { type: 'message', summary, text };
  // The tag name is configuration, and Teams matches the mention text to the entity: kept as configured.
  const mention = `<at>${tag.name}</at>`;
  return {
    type: 'message',
    summary,
    text: `${mention} ${text}`,
    // Teams reads `type: 'tag'` on the mentioned account; botbuilder-js serializes a ChannelAccount's extra
    // fields only under `properties` (https://github.com/microsoft/botbuilder-js/issues/4584), so both are set.
    entities: [
      { type: 'mention', text: mention, mentioned: { id: tag.id, name: tag.name, type: 'tag', properties: { type: 'tag' } } } as never,
    ],
  };
}

/** One entry of the outbox: a post (rendered when queued) or a card update (rendered when sent). */
export type Notice =
  | {
      kind: 'post';
      reference: Partial<ConversationReference>;
      activity: Partial<Activity>;
      /** The approval card of this request, posted from this state of it (a fingerprint). */
      approvalOf?: { requestId: string; fingerprint: string };
    }
  | { kind: 'update'; requestId: string; card: CardRef };

/** What a card shows depends on the request's state: two equal fingerprints render the same card. */
export function fingerprint(request: TapRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url').slice(0, 22);
}

const cardKey = (ref: CardRef) => `card-${messageKey(ref.reference, ref.activityId)}`;

/**
 * While a pass may be on its holder's screen, the message they clicked is never updated: Teams may
 * deliver an update after the invoke response that showed the pass, and the update would replace it.
 * The approver clicked the shared approval card; a requester revealing clicked their own status card.
 * Other copies (the requester's card, other people's) may say "being handed over" meanwhile.
 */
export function mayShowPass(request: RequestView, ref: CardRef): boolean {
  if (request.status !== 'issued' || !request.answers.awaitingHandover) return false;
  const holder = request.shownTo?.id ?? '';
  if (ref.kind === 'status') return ref.viewerId === holder;
  return request.delivery === 'approver';
}

/** Card lists looked up ahead of a change are used only this soon after, and only this many kept. */
const EARLY_CARDS_MS = 30_000;
const EARLY_CARDS_LIMIT = 256;

export class TeamsNotifier implements Notifier {
  /**
   * Where a request's cards are, looked up while its pass is being created (a cache for the next
   * change of that request only, not state: a miss just reads the store).
   */
  private readonly earlyCards = new Map<string, { at: number; refs: Promise<CardRef[] | null> }>();

  constructor(private readonly deps: TeamsNotifierDeps) {}

  changeComing(requestId: string): void {
    for (const [id, entry] of this.earlyCards) {
      if (this.earlyCards.size < EARLY_CARDS_LIMIT && Date.now() - entry.at < EARLY_CARDS_MS) break;
      this.earlyCards.delete(id);
    }
    this.earlyCards.set(requestId, { at: Date.now(), refs: this.deps.conversations.cards(requestId).catch(() => null) });
  }

  private takeEarlyCards(requestId: string): Promise<CardRef[] | null> | null {
    const entry = this.earlyCards.get(requestId);
    this.earlyCards.delete(requestId);
    return entry && Date.now() - entry.at < EARLY_CARDS_MS ? entry.refs : null;
  }

  async requestChanged(request: RequestView, event: RequestEvent): Promise<void> {
    // A request just filed has no cards to update yet: its first ones are being posted now.
    const cards: Array<Promise<unknown>> = [event === 'filed' ? this.postApproval(request) : this.updateCards(request, event)];
    const messages: Array<Promise<unknown>> = [];
    // Requester and target are often one person: read their chat once for both messages.
    const chats = new Map<string, Promise<Partial<ConversationReference> | null>>();
    const chatOf = (userId: string) => {
      let chat = chats.get(userId);
      if (!chat) {
        chat = this.deps.conversations.personal(userId);
        chats.set(userId, chat);
      }
      return chat;
    };
    const message = this.requesterMessage(request, event);
    if (message) messages.push(this.tell(chatOf(request.requester.id), message, `${request.id}-${event}-requester`));
    if (event === 'issued') messages.push(this.noticeToTarget(request, chatOf(request.target.id)));
    if (event === 'reminder') messages.push(this.remindApprovers(request));
    if (this.deps.afterTurn && event === 'issued') {
      // The invoke answer carrying the pass goes back first: waiting on every other copy (Bot Connector 429s
      // and Retry-After) could outlast Teams' invoke timeout. The clicked card is never among them (mayShowPass).
      this.deps.afterTurn(this.delivered(request, event, [...cards, ...messages]));
    } else if (this.deps.afterTurn) {
      this.deps.afterTurn(this.delivered(request, event, messages));
      await this.delivered(request, event, cards);
    } else {
      await this.delivered(request, event, [...cards, ...messages]);
    }
  }

  /** Waits for every notice to be queued; one that could not even be stored is logged, never thrown: it must not fail the change. */
  private async delivered(request: RequestView, event: RequestEvent, tasks: Array<Promise<unknown>>): Promise<void> {
    const results = await Promise.allSettled(tasks);
    for (const result of results) {
      if (result.status === 'rejected')
        this.deps.logger.warn({ err: result.reason, requestId: request.id, event }, 'a notice could not be delivered');
    }
  }

  /**
   * Runs `logic` in the conversation and throws what it threw: the adapter would hand a failure to its
   * turn-error handler and resolve, and the outbox must know a send failed to send it again.
   */
  private async send(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | null = null;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
  }

  private async postApproval(request: RequestView): Promise<void> {
    const channel = await this.deps.conversations.approvals();
    if (!channel) {
      this.deps.logger.warn({ requestId: request.id }, 'no approvals channel: say "approvals here" in a team channel');
      return;
    }
    const refreshUserIds = await this.approverViewers();
    const card = this.deps.cards.attachment(
      'approval',
      approvalView(request, this.deps.clock.now(), { actionable: false, refreshUserIds }),
    );
    const text = `New request ${request.id}: a Temporary Access Pass for ${md(request.target.displayName)}, asked by ${md(request.requester.displayName)}.`;
    const activity = { ...channelPost(text, this.deps.approversTag), attachments: [card] };
    await this.post(`${request.id}-approval`, channel, activity, { requestId: request.id, fingerprint: fingerprint(request) });
  }

  /** Writes a post to the outbox and waits a moment for it to go (the outbox sends it later otherwise). */
  private async post(
    key: string,
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
    approvalOf?: { requestId: string; fingerprint: string },
  ): Promise<void> {
    const notice: Notice = { kind: 'post', reference, activity, ...(approvalOf ? { approvalOf } : {}) };
    await this.shortly([await this.deps.outbox.submit(`post-${key}`, conversationOf(reference), notice, 'once')]);
  }

  /**
   * Waits for sends that go straight out, so a turn's card changes usually reach Teams before its
   * answer; never behind a queue (a burst in the channel), and never longer than the delivery wait.
   */
  private async shortly(queued: Array<{ sent: Promise<void>; behind: number }>): Promise<void> {
    if (queued.some((q) => q.behind > 0)) return;
    const sent = Promise.all(queued.map((q) => q.sent));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.deps.deliveryWaitMs ?? 1_000);
    });
    await Promise.race([sent, waited]);
    clearTimeout(timer);
  }

  /** Sends one outbox entry (called by the outbox, on whichever instance claimed it). */
  async deliver(notice: Notice): Promise<void> {
    if (notice.kind === 'post') {
      let activityId: string | undefined;
      await this.send(notice.reference, async (context) => {
        activityId = (await context.sendActivity(notice.activity))?.id;
      });
      // Posted: from here on a failure must not post the card again, so remembering it retries on its own.
      if (notice.approvalOf && activityId) await this.approvalPosted(notice.approvalOf, { ...notice.reference, activityId }, activityId);
      return;
    }
    const request = await this.deps.readRequest(notice.requestId);
    if (!request || mayShowPass(request, notice.card)) {
      this.deps.logger.debug(
        { cardOf: notice.requestId, cardActivityId: notice.card.activityId },
        'card update skipped: the pass may be on screen',
      );
      return;
    }
    const ref = notice.card;
    const now = this.deps.clock.now();
    const refreshUserIds = ref.kind === 'approval' ? await this.approverViewers() : [];
    const attachment =
      ref.kind === 'approval'
        ? this.deps.cards.attachment('approval', approvalView(request, now, { actionable: false, refreshUserIds }))
        : this.deps.cards.attachment('request-status', requestStatusView(request, now, ref.viewerId ?? ''));
    await this.send(ref.reference, async (context) => {
      await context.updateActivity({ type: 'message', id: ref.activityId, attachments: [attachment] } as Partial<Activity>);
    });
    this.deps.logger.debug({ cardOf: notice.requestId, cardActivityId: ref.activityId, status: request.status }, 'card updated');
  }

  /**
   * The approval card is up: remember it, then bring it up to date if the request moved on while the
   * post waited (a change meanwhile found no card to update).
   */
  private async approvalPosted(
    of: { requestId: string; fingerprint: string },
    reference: Partial<ConversationReference>,
    activityId: string,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.rememberApproval(of, reference, activityId);
        return;
      } catch (error) {
        if (attempt >= 5) {
          this.deps.logger.error(
            { err: error, requestId: of.requestId, activityId },
            'an approval card was posted but not remembered: it will not be updated',
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  private async rememberApproval(
    of: { requestId: string; fingerprint: string },
    reference: Partial<ConversationReference>,
    activityId: string,
  ): Promise<void> {
    const card: CardRef = { kind: 'approval', reference, activityId, viewerId: null };
    await this.deps.conversations.rememberCard(of.requestId, card);
    const now = await this.deps.readRequest(of.requestId);
    this.deps.logger.debug(
      { requestId: of.requestId, activityId, changed: now ? fingerprint(now) !== of.fingerprint : null },
      'approval card posted',
    );
    if (now && fingerprint(now) !== of.fingerprint) {
      await this.deps.outbox.submit(cardKey(card), conversationOf(reference), { kind: 'update', requestId: of.requestId, card }, 'latest');
    }
  }

  private async updateCards(request: RequestView, event: RequestEvent): Promise<void> {
    const early = await this.takeEarlyCards(request.id);
    const refs = early ?? (await this.deps.conversations.cards(request.id));
    // A turn waits at most the delivery wait for these, and not at all behind a queue (shortly()); when
    // the pass-bearing answer goes first, the other copies update after it anyway.
    await this.update(request, refs);
    if (early) {
      // A card posted while the pass was being created is not in the early list: catch up on it.
      const catchUp = async () => {
        const known = new Set(early.map(cardKey));
        await this.update(
          request,
          (await this.deps.conversations.cards(request.id)).filter((ref) => !known.has(cardKey(ref))),
        );
      };
      if (this.deps.afterTurn) this.deps.afterTurn(this.delivered(request, event, [catchUp()]));
      else await catchUp();
    }
  }

  /** Who gets their own view of an approval card on re-render; none when it cannot be read (the card still works). */
  private async approverViewers(): Promise<string[]> {
    if (this.deps.userSpecificViews === false) return [];
    return this.deps.conversations.approverViewers().catch((err: unknown) => {
      this.deps.logger.warn({ err }, 'could not read the approvers for card refresh');
      return [];
    });
  }

  private async update(request: RequestView, refs: CardRef[]): Promise<void> {
    // One update per message: a message remembered twice (a row from before rows were keyed per message) is one card,
    // held if either row says it may show the pass.
    const keyed = refs.map((ref) => [cardKey(ref), ref] as const);
    const messages = new Map(keyed);
    for (const [key, ref] of keyed) if (mayShowPass(request, ref)) messages.delete(key);
    const queued = await Promise.all(
      [...messages].map(([key, ref]) =>
        this.deps.outbox.submit(key, conversationOf(ref.reference), { kind: 'update', requestId: request.id, card: ref }, 'latest'),
      ),
    );
    await this.shortly(queued);
  }

  private async tell(chat: Promise<Partial<ConversationReference> | null>, text: string, key: string): Promise<void> {
    const reference = await chat;
    if (!reference) return; // They never opened a chat with the bot; their status card still updates.
    await this.post(key, reference, { type: 'message', text });
  }

  private requesterMessage(request: TapRequest, event: RequestEvent): string | null {
    switch (event) {
      case 'approved':
      case 'issued':
      case 'denied':
      case 'expired':
      case 'failed': {
        const forWhom = request.requester.id === request.target.id ? 'yourself' : md(request.target.displayName);
        return `Your request ${request.id} for ${forWhom}: ${statusLabel(request.status).toLowerCase()}. Its card has the details.`;
      }
      default:
        return null;
    }
  }

  /** The target hears of every pass issued for them, with a way to say it wasn't them. */
  private async noticeToTarget(request: TapRequest, chat: Promise<Partial<ConversationReference> | null>): Promise<void> {
    const reference = await chat;
    if (!reference) return;
    const approver = 'approval' in request && request.approval ? request.approval.by.displayName : 'an admin';
    const card = this.deps.cards.attachment('notice', {
      title: 'A Temporary Access Pass was issued for your account',
      body: `${request.requester.id === request.target.id ? 'You asked for it' : `${request.requester.displayName} asked for it`}, and ${approver} approved it. If you did not ask for this, press "This wasn't me": the pass is deleted at once and the help desk is alerted.`,
      facts: [
        { title: 'Request', value: request.id },
        ...(request.status === 'issued' ? [{ title: 'Expires', value: formatTime(request.issued.expiresAt) }] : []),
      ],
      requestId: request.id,
      canReport: true,
    });
    await this.post(`${request.id}-issued-target`, reference, { type: 'message', attachments: [card] });
  }

  /** Once the pass's job is done: the person is offered, in their 1:1 chat, to remove it with one click. */
  async offerRemoval(request: TapRequest): Promise<boolean> {
    const reference = await this.deps.conversations.personal(request.target.id);
    if (!reference) return false;
    const card = this.deps.cards.attachment('notice', removalOfferView(request));
    await this.post(`${request.id}-offer-removal`, reference, { type: 'message', attachments: [card] });
    return true;
  }

  /** After a help-desk revoke: the person whose pass it was is told. */
  async passRevoked(userId: string, byName: string): Promise<void> {
    const text = `Your Temporary Access Pass was revoked by ${md(byName)} and no longer works. Ask the help desk if you still need one.`;
    await this.tell(this.deps.conversations.personal(userId), text, `revoked-${randomUUID()}`);
  }

  /** A pass may exist that nobody holds (orphans.ts): a card in the approvals channel whose button removes it. */
  async orphanFound(request: TapRequest): Promise<void> {
    const channel = await this.deps.conversations.approvals();
    if (!channel) {
      this.deps.logger.warn({ requestId: request.id }, 'no approvals channel for an orphaned pass: say "approvals here" in a team channel');
      return;
    }
    const card = this.deps.cards.attachment('orphan', orphanView(request, null));
    const post = channelPost(
      `A pass for ${md(request.target.displayName)} may exist that nobody holds (${request.id}): remove it.`,
      this.deps.approversTag,
    );
    await this.post(`${request.id}-orphan`, channel, { ...post, attachments: [card] });
  }

  /** "Contact the help desk" after a sign-in check. */
  async helpWanted(name: string, summary: string): Promise<void> {
    const channel = await this.deps.conversations.approvals();
    if (!channel) return;
    const text = `${md(name)} cannot sign in and asks for help. Their sign-in check says: ${md(summary)} Run "diagnose ${md(name)}" for details.`;
    await this.post(`help-${randomUUID()}`, channel, channelPost(text, this.deps.approversTag));
  }

  /** "This wasn't me": the help desk hears it whatever happened; `outcome` says in words what was and was not done. */
  async notMe(alert: NotMeAlert): Promise<void> {
    const channel = await this.deps.conversations.approvals();
    if (!channel) return;
    const { request, byName } = alert;
    const why =
      'pending' in alert
        ? alert.pending
          ? explain(alert.pending).text
          : 'they are asked to sign in to remove it with their own rights'
        : '';
    const outcome = 'result' in alert ? notMeSummary(alert.result).forHelpDesk : `The pass is not removed yet: ${why}`;
    const approver = 'approval' in request && request.approval ? `, approved by ${md(request.approval.by.displayName)}` : '';
    const text =
      `ALERT: ${md(byName)} says they did not ask for the pass issued in ${request.id} (asked by ${md(request.requester.displayName)}${approver}). ` +
      `${md(outcome)} Contact ${md(byName)} on a known number and review the audit trail (audit ${request.id}).`;
    // Each alert is its own post: the first says the person is asked to sign in, the next what was done.
    await this.post(`${request.id}-not-me-${randomUUID()}`, channel, channelPost(text, this.deps.approversTag));
  }

  /** The target's manager, in their 1:1 chat: "Is this really <name>?" with Confirm / Not them. */
  async askManager(request: TapRequest): Promise<boolean> {
    const check = request.managerCheck;
    if (check?.state !== 'asked') return false;
    const reference = await this.deps.conversations.personal(check.manager.id);
    if (!reference) return false;
    const card = this.deps.cards.attachment('notice', managerAskView(request));
    await this.post(`${request.id}-ask-manager`, reference, { type: 'message', attachments: [card] });
    return true;
  }

  /**
   * The Face Check link, in the target's 1:1 chat only (never on a channel card: whoever holds the link can start the
   * presentation, though only the target's credential and face can pass it). Keyed by the service request: once each.
   */
  async askFaceCheck(request: TapRequest, link: string): Promise<boolean> {
    const ticket = request.faceCheck?.state === 'asked' ? request.faceCheck.ticket : undefined;
    if (!ticket) return false;
    const reference = await this.deps.conversations.personal(request.target.id);
    if (!reference) return false;
    const card = this.deps.cards.attachment('notice', faceCheckAskView(request, link));
    await this.post(`${request.id}-face-check-${ticket.serviceRequestId}`, reference, { type: 'message', attachments: [card] });
    return true;
  }

  /** "Not them" from the target's manager: the help desk hears it at once. */
  async managerSaysNotThem(request: TapRequest, managerName: string): Promise<void> {
    const channel = await this.deps.conversations.approvals();
    if (!channel) return;
    const held = request.status === 'pending' ? 'The request is held: nobody can approve it.' : `The request is already ${request.status}.`;
    const text =
      `ALERT: ${md(managerName)}, the manager of ${md(request.target.displayName)}, says it is NOT them asking for a pass in ${request.id} ` +
      `(asked by ${md(request.requester.displayName)}). ${held} Contact ${md(request.target.displayName)} on a number from the directory ` +
      `and review the audit trail (audit ${request.id}).`;
    await this.post(`${request.id}-manager-not-them-${randomUUID()}`, channel, channelPost(text, this.deps.approversTag));
  }

  private async remindApprovers(request: TapRequest): Promise<void> {
    const channel = await this.deps.conversations.approvals();
    if (!channel) return;
    const text = `Reminder: ${request.id} (a pass for ${md(request.target.displayName)}) is still waiting and expires at ${formatTime(request.expiresAt)}.`;
    await this.post(`${request.id}-reminder`, channel, channelPost(text, this.deps.approversTag));
  }
}
