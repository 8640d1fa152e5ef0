// `status`, `pending`, `revoke`, `audit`, and "This wasn't me". A person may always ask about
// themselves; asking about anyone else is for the help desk (service-desk group or an admin role).
import { type AdaptiveCardInvokeResponse, type Attachment, CardFactory, TurnContext } from 'botbuilder';
import type { TapRequest } from '../../domain/request-types';
import { mayChange } from '../../domain/request';
import { access, auditTrail, lookUp, pending, revoke, userStatus } from '../../app/help-desk';
import type { Problem } from '../../app/errors';
import type { TeamsDeps } from './teams-deps';
import type { requestHandlers } from './request-handlers';
import { cardResponse, type Actor } from '../turn';
import { messageCard, problemCard } from './messages';
import { statusLabel } from '../views/request-views';
import { auditLines, pendingView, pickUserView, userStatusView } from '../views/help-desk-views';
import { formatTime } from '../format';
import { text } from './form-input';
import { withRequestId } from '../../log-context';
import { auditCsv, parseRange } from '../../app/audit-csv';

/** Teams accepts inline attachments only up to a modest size; larger exports must narrow the range. */
const MAX_INLINE_CSV_BYTES = 200_000;

type RequestHandlers = ReturnType<typeof requestHandlers>;
const REQUEST_ID = /^TAP-\d{1,9}$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function statusHandlers(deps: TeamsDeps, requests: RequestHandlers) {
  const { cards, conversations, useCases, clock } = deps;
  const uc = useCases.deps;

  const reply = (context: TurnContext, attachment: Attachment) => context.sendActivity({ attachments: [attachment] });
  const problem = (p: Problem) => CardFactory.adaptiveCard(problemCard(cards, p));

  /** A request by id, for someone involved in it or the help desk. */
  async function requestFor(actor: Actor, id: string): Promise<{ request: TapRequest } | { problem: Problem }> {
    const stored = await uc.stores.requests.get(id.toUpperCase());
    if (!stored) return { problem: { code: 'request.not-found', params: { id } } };
    const involved = stored.value.requester.id === actor.id || stored.value.target.id === actor.id;
    if (!involved) {
      const allowed = await access(uc, actor.id, stored.value.target.id);
      if (!allowed.ok) return { problem: allowed.problem };
    }
    return { request: stored.value };
  }

  /** The person a help-desk command names: one match, a picker, or why not. */
  async function person(context: TurnContext, query: string, verb: string, actionTitle: string) {
    const found = await lookUp(uc, query);
    if (found.kind === 'none') {
      await reply(context, problem(found.problem));
      return null;
    }
    if (found.kind === 'choose') {
      await reply(context, cards.attachment('pick-user', pickUserView(query, found.candidates, verb, actionTitle)));
      return null;
    }
    return found.user;
  }

  async function showUser(actor: Actor, userId: string) {
    const allowed = await access(uc, actor.id, userId);
    if (!allowed.ok) return problem(allowed.problem);
    const users = await uc.directory.findUsers(userId, 1);
    if (!users[0]) return problem({ code: 'target.not-found', params: { query: userId } });
    return cards.attachment('user-status', userStatusView(await userStatus(uc, users[0]), clock.now()));
  }

  async function showRequest(context: TurnContext, actor: Actor, id: string): Promise<void> {
    const found = await requestFor(actor, id);
    if ('problem' in found) {
      await reply(context, problem(found.problem));
      return;
    }
    await postStatusCard(context, actor, found.request);
  }

  /** A status card the notifier keeps current (while the request may still change), for a request this person may see. */
  async function postStatusCard(context: TurnContext, actor: Actor, request: TapRequest): Promise<void> {
    const sent = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(requests.statusCard(request, actor))] });
    if (sent?.id && mayChange(request)) {
      await conversations.rememberCard(request.id, { kind: 'status', reference: TurnContext.getConversationReference(context.activity), activityId: sent.id, viewerId: actor.id });
    }
  }

  async function doRevoke(actor: Actor, userId: string): Promise<Attachment> {
    const outcome = await revoke(uc, actor.id, userId, 'help-desk');
    switch (outcome.kind) {
      case 'refused':
        return problem(outcome.problem);
      case 'no-pass':
        return messageCard(cards, 'Nothing to revoke', `${outcome.user.displayName} has no Temporary Access Pass.`, 'default');
      case 'revoked':
        await deps.notices.passRevoked(outcome.user.id, actor.name).catch(() => undefined);
        return messageCard(
          cards,
          'Pass revoked',
          `${outcome.user.displayName}'s Temporary Access Pass (created ${formatTime(outcome.pass.createdDateTime)}) was deleted. It no longer works.`,
          'good',
          [],
          `${outcome.user.displayName} has been told. Issue a new pass with "request for ${outcome.user.userPrincipalName}" if needed.`,
        );
    }
  }

  return {
    async command(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (REQUEST_ID.test(argument)) return showRequest(context, actor, argument);
      if (argument) {
        const user = await person(context, argument, 'status.pick', 'Show status');
        if (user) await reply(context, await showUser(actor, user.id));
        return;
      }
      const mine = await requests.mine(context, actor);
      if (mine.length === 0) {
        await reply(context, messageCard(cards, 'No requests yet', 'You have not asked for a pass yet.', 'default', [], 'Say "request" to ask for one.'));
        return;
      }
      // Their own requests, just read: no second read, no access check needed.
      await postStatusCard(context, actor, mine[0] as TapRequest);
      if (mine.length > 1) {
        const others = mine.slice(1, 11).map((r) => `${r.id} · ${statusLabel(r.status)} · for ${r.target.displayName} · ${formatTime(r.createdAt)}`);
        await reply(context, messageCard(cards, 'Your other requests', 'Say "status" and an id for any of them.', 'default', others));
      }
    },

    async mineVerb(context: TurnContext, _data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const mine = await requests.mine(context, actor);
      if (mine.length === 0) {
        return cardResponse(cards.card('message', { title: 'No requests yet', tone: 'default', body: 'You have not asked for a pass yet.', details: [], nextStep: 'Press "Request a pass" or say "request".', showNextStep: true }));
      }
      return cardResponse(requests.statusCard(mine[0] as TapRequest, actor));
    },

    async statusPick(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const userId = text(data, 'userId', 40);
      if (!GUID.test(userId)) return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: userId } }));
      return cardResponse((await showUser(actor, userId.toLowerCase())).content as Record<string, unknown>);
    },

    async pending(context: TurnContext, _argument: string, actor: Actor): Promise<void> {
      const allowed = await access(uc, actor.id, null);
      if (!allowed.ok || !allowed.helpDesk) {
        await reply(context, problem({ code: 'access.help-desk-only' }));
        return;
      }
      await reply(context, cards.attachment('pending', pendingView(await pending(uc), clock.now())));
    },

    async revoke(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (!argument) {
        await reply(context, messageCard(cards, 'Whose pass?', 'Say "revoke" and the person, e.g. revoke alexw@contoso.com.', 'default'));
        return;
      }
      const user = await person(context, argument, 'revoke.pick', 'Revoke their pass');
      if (user) await reply(context, await doRevoke(actor, user.id));
    },

    async revokePick(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      // `userId` from the pick list's input, or `targetId` from "Revoke their pass" on a diagnosis: access is re-checked either way.
      const userId = text(data, 'userId', 40) || text(data, 'targetId', 40);
      if (!GUID.test(userId)) return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: userId } }));
      return cardResponse((await doRevoke(actor, userId.toLowerCase())).content as Record<string, unknown>);
    },

    async audit(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (!argument) {
        await reply(context, messageCard(cards, 'Audit of whom?', 'Say "audit" and a person or a request id, e.g. audit TAP-0042.', 'default'));
        return;
      }
      let entries;
      let subject: string;
      if (REQUEST_ID.test(argument)) {
        const found = await requestFor(actor, argument);
        if ('problem' in found) {
          await reply(context, problem(found.problem));
          return;
        }
        const allowed = await access(uc, actor.id, found.request.target.id === actor.id ? actor.id : found.request.target.id);
        if (!allowed.ok) {
          await reply(context, problem(allowed.problem));
          return;
        }
        subject = found.request.id;
        entries = await auditTrail(uc, { requestId: found.request.id });
      } else {
        const user = await person(context, argument, 'status.pick', 'Show status');
        if (!user) return;
        const allowed = await access(uc, actor.id, user.id);
        if (!allowed.ok) {
          await reply(context, problem(allowed.problem));
          return;
        }
        subject = user.displayName;
        entries = await auditTrail(uc, { userId: user.id });
      }
      const lines = auditLines(entries);
      await reply(
        context,
        messageCard(cards, `Audit trail: ${subject}`, lines.length ? `${lines.length} entries, oldest first.` : 'No entries.', 'default', lines.slice(-40)),
      );
    },

    async exportAudit(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      const allowed = await access(uc, actor.id, null);
      if (!allowed.ok || !allowed.helpDesk) {
        await reply(context, problem({ code: 'access.help-desk-only' }));
        return;
      }
      const range = parseRange(argument, clock.now());
      if (!range.ok) {
        await reply(context, messageCard(cards, 'Which dates?', range.message, 'warning'));
        return;
      }
      const entries = await uc.stores.audit.listRange(range.from, range.to);
      const csv = auditCsv(entries);
      if (Buffer.byteLength(csv) > MAX_INLINE_CSV_BYTES) {
        await reply(context, messageCard(cards, 'Too much for one file', `${entries.length} entries are too many for one attachment.`, 'warning', [], 'Export a shorter range.'));
        return;
      }
      const name = `tap-desk-audit-${range.from.slice(0, 10)}-to-${new Date(Date.parse(range.to) - 1).toISOString().slice(0, 10)}.csv`;
      await uc.stores.audit.append({
        at: clock.now().toISOString(),
        action: 'audit.exported',
        actor: { id: actor.id, displayName: actor.name },
        targetUserId: null,
        requestId: null,
        outcome: 'ok',
        details: { from: range.from, to: range.to, entries: entries.length },
      });
      await context.sendActivity({
        text: `Audit log, ${entries.length} entries (UTC dates, end inclusive).`,
        attachments: [{ contentType: 'text/csv', name, contentUrl: `data:text/csv;base64,${Buffer.from(csv).toString('base64')}` }],
      });
    },

    /** "This wasn't me" on the target's notice: revokes the pass and alerts the approvers. */
    async notMe(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const requestId = text(data, 'requestId', 20);
      const stored = REQUEST_ID.test(requestId) ? await uc.stores.requests.get(requestId) : null;
      if (!stored || stored.value.target.id !== actor.id) return cardResponse(problemCard(cards, { code: 'request.not-found', params: { id: requestId } }));
      const outcome = await withRequestId(stored.value.id, async () => {
        try {
          return await revoke(uc, actor.id, actor.id, 'not-me');
        } finally {
          // The help desk is alerted even when the delete failed (e.g. delegated mode with no token held to delete with).
          await deps.notices.notMe(stored.value, actor.name).catch(() => undefined);
        }
      });
      const body =
        outcome.kind === 'revoked'
          ? 'The pass has been deleted and no longer works. The help desk has been alerted and will contact you.'
          : 'There is no pass on your account any more. The help desk has been alerted and will contact you.';
      return cardResponse(cards.card('message', { title: 'Thanks for telling us', tone: 'good', body, details: [], nextStep: 'If you think your account is being misused, also change your password.', showNextStep: true }));
    },
  };
}
