// `status`, `pending`, `revoke`, `audit`, `export-audit` and "This wasn't me". A person may always ask
// about themselves; asking about anyone else is for the help desk (service-desk group or an admin role).
// The use cases decide who may see what; these handlers parse the words and render the outcome.
import { type AdaptiveCardInvokeResponse, type Attachment, CardFactory, type FileConsentCardResponse, TurnContext } from 'botbuilder';
import type { UserFact } from '../../domain/facts';
import { type Problem, type Actor, type Subject, type RevokeOutcome, type RequestView, GUID, REQUEST_ID } from '../../app';
import type { TeamsDeps } from './teams-deps';
import type { requestHandlers } from './request-handlers';
import type { ownRightsHandlers } from './own-rights-handlers';
import { cardResponse } from '../turn';
import type { PickVerb } from '../card-verbs';
import { messageCard, problemCard } from './messages';
import { statusLabel } from '../views/request-views';
import {
  AUDIT_LINES_SHOWN,
  auditLines,
  PENDING_PAGE_SIZE,
  pendingPages,
  pendingView,
  pickUserView,
  userStatusView,
} from '../views/help-desk-views';
import { formatTime } from '../format';
import { text } from './form-input';
import { auditFileContext, fileConsentCard, fileInfoCard, uploadConsentedFile } from '../file-consent';

type RequestHandlers = ReturnType<typeof requestHandlers>;
type OwnRightsHandlers = ReturnType<typeof ownRightsHandlers>;
type Choice = { kind: 'none'; problem: Problem } | { kind: 'choose'; candidates: UserFact[] };

export function statusHandlers(deps: TeamsDeps, requests: RequestHandlers, ownRights: OwnRightsHandlers) {
  const { cards, useCases, clock } = deps;

  const reply = (context: TurnContext, attachment: Attachment) => context.sendActivity({ attachments: [attachment] });
  const problem = (p: Problem) => CardFactory.adaptiveCard(problemCard(cards, p));

  /** "Which one?" for a typed name with several matches, or why nobody was found. */
  function choice(found: Choice, query: string, verb: PickVerb, actionTitle: string): Attachment {
    if (found.kind === 'none') return problem(found.problem);
    return cards.attachment('pick-user', pickUserView(query, found.candidates, verb, actionTitle));
  }

  /** Why an export gave no file: refused, a bad range, or too much for one file. */
  type NoFile = Exclude<Awaited<ReturnType<TeamsDeps['useCases']['exportAudit']>>, { kind: 'file' }>;
  async function exportProblem(context: TurnContext, outcome: NoFile): Promise<void> {
    switch (outcome.kind) {
      case 'refused':
        await reply(context, problem(outcome.problem));
        return;
      case 'bad-range':
        await reply(context, messageCard(cards, 'Which dates?', outcome.message, 'warning'));
        return;
      case 'too-large':
        await reply(
          context,
          messageCard(
            cards,
            'Too much for one file',
            `${outcome.entries} entries are too many for one file.`,
            'warning',
            [],
            'Export a shorter range.',
          ),
        );
    }
  }

  async function showUser(actor: Actor, subject: Subject, query: string): Promise<Attachment> {
    const outcome = await useCases.statusOfPerson(actor, subject);
    switch (outcome.kind) {
      case 'none':
      case 'choose':
        return choice(outcome, query, 'status.pick', 'Show status');
      case 'refused':
        return problem(outcome.problem);
      case 'status':
        return cards.attachment('user-status', userStatusView(outcome.status, clock.now()));
    }
  }

  /**
   * A status card for a request this person may see. Saying "status" stores nothing: in their personal
   * chat the card refreshes itself whenever Teams shows it (statusCard), and each change also reaches them
   * as a message. The notifier updates only the messages someone acted on (the form they sent, the card a
   * pass was shown on), so repeating "status" cannot multiply what a change has to update.
   */
  async function postStatusCard(context: TurnContext, actor: Actor, request: RequestView): Promise<void> {
    const personal = context.activity.conversation?.conversationType === 'personal';
    const card = requests.statusCard(request, actor, personal ? context.activity.from?.id : undefined);
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }

  function revoked(outcome: Choice | RevokeOutcome, query: string): Attachment {
    switch (outcome.kind) {
      case 'none':
      case 'choose':
        return choice(outcome, query, 'revoke.pick', 'Revoke their pass');
      case 'refused':
        return problem(outcome.problem);
      case 'no-pass':
        return messageCard(cards, 'Nothing to revoke', `${outcome.user.displayName} has no Temporary Access Pass.`, 'default');
      case 'revoked':
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

  async function doRevoke(actor: Actor, subject: Subject, query: string): Promise<Attachment> {
    // Delegated mode: the answer is a card whose Revoke button signs the agent in (own-rights-handlers.ts).
    if (deps.signIn) {
      const card = await ownRights.revokeCard(actor, subject);
      if (card) return card;
    }
    const outcome = await useCases.revokePass(actor, subject);
    return revoked(outcome, query);
  }

  /** Page `page` of the pending list (an out-of-range page shows the last one, page 1 at least). */
  async function pendingPage(actor: Actor, page: number) {
    const wanted = Number.isInteger(page) && page >= 1 ? page : 1;
    let outcome = await useCases.pendingRequests(actor, { offset: (wanted - 1) * PENDING_PAGE_SIZE, limit: PENDING_PAGE_SIZE });
    if (outcome.kind === 'refused') return problem(outcome.problem);
    const last = pendingPages(outcome.total);
    if (wanted > last) {
      outcome = await useCases.pendingRequests(actor, { offset: (last - 1) * PENDING_PAGE_SIZE, limit: PENDING_PAGE_SIZE });
      if (outcome.kind === 'refused') return problem(outcome.problem);
    }
    return cards.attachment('pending', pendingView(outcome.items, outcome.total, clock.now(), Math.min(wanted, last)));
  }

  return {
    async command(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (REQUEST_ID.test(argument)) {
        const found = await useCases.requestStatus(actor, argument);
        if (found.kind === 'refused') await reply(context, problem(found.problem));
        else await postStatusCard(context, actor, found.request);
        return;
      }
      if (argument) {
        await reply(context, await showUser(actor, { query: argument }, argument));
        return;
      }
      const mine = await useCases.myRequests(actor);
      if (mine.length === 0) {
        await reply(
          context,
          messageCard(cards, 'No requests yet', 'You have not asked for a pass yet.', 'default', [], 'Say "request" to ask for one.'),
        );
        return;
      }
      // Their own requests, just read: no second read, no access check needed.
      await postStatusCard(context, actor, mine[0] as RequestView);
      if (mine.length > 1) {
        const others = mine
          .slice(1)
          .map((r) => `${r.id} · ${statusLabel(r.status)} · for ${r.target.displayName} · ${formatTime(r.createdAt)}`);
        await reply(context, messageCard(cards, 'Your other requests', 'Say "status" and an id for any of them.', 'default', others));
      }
    },

    async mineVerb(_context: TurnContext, _data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const mine = await useCases.myRequests(actor);
      if (mine.length === 0) {
        return cardResponse(
          cards.card('message', {
            title: 'No requests yet',
            tone: 'default',
            body: 'You have not asked for a pass yet.',
            details: [],
            nextStep: 'Press "Request a pass" or say "request".',
            showNextStep: true,
          }),
        );
      }
      return cardResponse(requests.statusCard(mine[0] as RequestView, actor));
    },

    async statusPick(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const userId = text(data, 'userId', 40);
      if (!GUID.test(userId)) return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: userId } }));
      return cardResponse((await showUser(actor, { userId: userId.toLowerCase() }, userId)).content as Record<string, unknown>);
    },

    async pending(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      await reply(context, await pendingPage(actor, argument ? Number(argument) : 1));
    },

    /** "Next page": the card's page number is only a cursor, checked here; the list is read again. */
    async pendingPageVerb(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      const raw = typeof data.page === 'number' ? String(data.page) : text(data, 'page', 6);
      return cardResponse((await pendingPage(actor, /^\d{1,4}$/.test(raw) ? Number(raw) : 1)).content as Record<string, unknown>);
    },

    async revoke(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (!argument) {
        await reply(context, messageCard(cards, 'Whose pass?', 'Say "revoke" and the person, e.g. revoke alexw@contoso.com.', 'default'));
        return;
      }
      await reply(context, await doRevoke(actor, { query: argument }, argument));
    },

    async revokePick(_context: TurnContext, data: Record<string, unknown>, actor: Actor): Promise<AdaptiveCardInvokeResponse> {
      // `userId` from the pick list's input, or `targetId` from "Revoke their pass" on a diagnosis: access is re-checked either way.
      const userId = text(data, 'userId', 40) || text(data, 'targetId', 40);
      if (!GUID.test(userId)) return cardResponse(problemCard(cards, { code: 'target.not-found', params: { query: userId } }));
      return cardResponse((await doRevoke(actor, { userId: userId.toLowerCase() }, userId)).content as Record<string, unknown>);
    },

    async audit(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (!argument) {
        await reply(
          context,
          messageCard(cards, 'Audit of whom?', 'Say "audit" and a person or a request id, e.g. audit TAP-0042.', 'default'),
        );
        return;
      }
      const outcome = await useCases.auditOf(actor, REQUEST_ID.test(argument) ? { requestId: argument } : { query: argument });
      if (outcome.kind === 'refused') {
        await reply(context, problem(outcome.problem));
        return;
      }
      if (outcome.kind === 'choose') {
        await reply(context, choice(outcome, argument, 'status.pick', 'Show status'));
        return;
      }
      const lines = auditLines(outcome.entries);
      await reply(
        context,
        messageCard(
          cards,
          `Audit trail: ${outcome.subject}`,
          lines.length > AUDIT_LINES_SHOWN
            ? `${lines.length} entries; the newest ${AUDIT_LINES_SHOWN}, oldest first ("export audit" gives them all).`
            : lines.length
              ? `${lines.length} entries, oldest first.`
              : 'No entries.',
          'default',
          lines.slice(-AUDIT_LINES_SHOWN),
        ),
      );
    },

    /** The audit CSV as a file: offered with a consent card in the personal chat (Teams sends bot files only there). */
    async exportAudit(context: TurnContext, argument: string, actor: Actor): Promise<void> {
      if (context.activity.conversation?.conversationType !== 'personal') {
        await reply(
          context,
          messageCard(
            cards,
            'Export the audit in your personal chat',
            'Teams lets TAP Desk send files only in a personal chat, not in a channel or group chat.',
            'warning',
            [],
            'Open a chat with TAP Desk and say "export audit" there.',
          ),
        );
        return;
      }
      const outcome = await useCases.exportAudit(actor, argument);
      if (outcome.kind !== 'file') {
        await exportProblem(context, outcome);
        return;
      }
      const description = `TAP Desk audit log, ${outcome.entries} entries (UTC dates, end inclusive). No pass values are in it.`;
      await context.sendActivity({
        text: `Audit log, ${outcome.entries} entries. Allow the file and it is saved to your OneDrive and shared here.`,
        attachments: [
          fileConsentCard(outcome.name, description, Buffer.byteLength(outcome.csv), {
            kind: 'audit-export',
            from: outcome.from,
            to: outcome.to,
          }),
        ],
      });
    },

    /**
     * Accept: the CSV is made again (it is never held between offer and accept, so any instance can take
     * the accept), uploaded to the consented URL, and shown with a file card. Decline: said plainly.
     */
    async fileConsent(context: TurnContext, response: FileConsentCardResponse, actor: Actor): Promise<void> {
      const file = auditFileContext(response.context);
      if (response.action !== 'accept') {
        await context.sendActivity('No file was sent. Say "export audit" whenever you want it.');
        return;
      }
      if (!file || !response.uploadInfo?.uploadUrl) {
        await reply(
          context,
          messageCard(cards, 'That file offer is not valid any more', 'Nothing was uploaded.', 'warning', [], 'Say "export audit" again.'),
        );
        return;
      }
      const outcome = await useCases.exportAuditFile(actor, file.from, file.to);
      if (outcome.kind !== 'file') {
        await exportProblem(context, outcome);
        return;
      }
      try {
        await uploadConsentedFile(response.uploadInfo, Buffer.from(outcome.csv, 'utf8'));
      } catch (error) {
        deps.logger.warn({ err: error }, 'the audit file could not be uploaded');
        await reply(
          context,
          messageCard(
            cards,
            'The file could not be saved to your OneDrive',
            error instanceof Error ? error.message : 'The upload failed.',
            'warning',
            [],
            'Say "export audit" again in a minute.',
          ),
        );
        return;
      }
      await context.sendActivity({ text: `Audit log, ${outcome.entries} entries.`, attachments: [fileInfoCard(response.uploadInfo)] });
    },
  };
}
