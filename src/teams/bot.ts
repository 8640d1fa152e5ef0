// Routes Teams activities to handlers: typed commands for messages, card verbs for Action.Execute.
// Handlers are registered in handlers/index.ts; this class holds no state of its own.
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
  type InvokeResponse,
  type FileConsentCardResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { Logger } from '../logger';
import { parseCommand, type CommandName } from './commands';
import { type CardVerb, isCardVerb, isPassVerb, isRequestVerb, type PassVerb, type RequestVerb } from './card-verbs';
import { actorOf, type Actor } from './turn';
import { requestIdOf, text } from './handlers/form-input';
import { withRequestId } from '../log-context';

export type MessageHandler = (context: TurnContext, argument: string, actor: Actor) => Promise<void>;
export type CardHandler = (context: TurnContext, data: Record<string, unknown>, actor: Actor) => Promise<AdaptiveCardInvokeResponse>;

/** A card action on one request: its id parsed once, by the router (the use case re-reads the request from storage). */
export interface RequestAction {
  requestId: string;
  data: Record<string, unknown>;
}
export type RequestCardHandler = (context: TurnContext, action: RequestAction, actor: Actor) => Promise<AdaptiveCardInvokeResponse>;

export type VerbHandlers = { [V in CardVerb]: V extends RequestVerb ? RequestCardHandler : CardHandler };

export interface BotHandlers {
  commands: Record<CommandName, MessageHandler>;
  /** Keyed by the Action.Execute verb. */
  verbs: VerbHandlers;
  /** A request verb whose card named no request id (as typed, for the message). */
  noRequest: (typed: string) => AdaptiveCardInvokeResponse;
  /** Anything not understood: the help card, never silence. */
  fallback: MessageHandler;
  welcome: (context: TurnContext) => Promise<void>;
  /** Runs first on every turn (conversation references, tenant checks); false ends the turn. */
  admit: (context: TurnContext) => Promise<boolean>;
  /** The person accepted or declined a file the bot offered (fileConsent/invoke). */
  fileConsent: (context: TurnContext, response: FileConsentCardResponse, actor: Actor) => Promise<void>;
  /** A card action that failed unexpectedly: the reason and the next step, never a stack. */
  cardError: (error: unknown) => AdaptiveCardInvokeResponse;
}

/** What a person reads when a pass-creating verb came as a message (Action.Submit) rather than a card action. */
const OPEN_THE_CARD: Record<PassVerb, string> = {
  'approval.approve':
    'Open the card to approve: click "Approve and create pass" on the approval card in the approvals channel. ' +
    'The pass is shown only in the answer to that click, so nothing was issued from this message.',
  'pass.reveal':
    'Open the card to see the pass: click "Reveal my pass" on your request\'s card. ' +
    'The pass is shown only in the answer to that click, so nothing was created from this message.',
};

export class TapDeskBot extends TeamsActivityHandler {
  constructor(
    private readonly routes: BotHandlers,
    private readonly logger: Logger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.routeMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // The welcome goes out once, when TAP Desk itself is added (installed in a chat or team), not
      // every time someone joins a team it is in.
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m: ChannelAccount) => m.id === botId)) await this.routes.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    if (!(await this.routes.admit(context))) return;
    await super.run(context);
  }

  /**
   * botbuilder reads `value.action.type` of an adaptiveCard/action without checking that value is an object or
   * that it has an action, so a malformed invoke throws and goes unanswered (the adapter then says 501). Such an
   * invoke is answered 400 with the Universal Actions error shape ({statusCode, type, value: {code, message}}):
   * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      const problem = malformedAction(context.activity.value);
      if (problem) {
        return {
          status: 400,
          body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: problem } },
        };
      }
    }
    return super.onInvokeActivity(context);
  }

  private async routeMessage(context: TurnContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const actor = actorOf(context);
    const value = context.activity.value as Record<string, unknown> | undefined;
    // Action.Submit from older clients arrives as a message with a value. A message has no invoke answer
    // to carry a pass: a verb that may create one is refused with the way to do it; any other verb runs,
    // and its answer card is posted as a reply, so the person sees the outcome.
    if (!text.trim() && value && isCardVerb(value.verb)) {
      const verb = value.verb;
      if (isPassVerb(verb)) {
        this.logger.warn({ verb, requestId: requestIdOf(value) }, 'a verb that creates a pass arrived as a message; refused');
        await context.sendActivity(OPEN_THE_CARD[verb]);
        return;
      }
      const answer = await this.dispatch(context, verb, value, actor);
      if (answer?.type === 'application/vnd.microsoft.card.adaptive' && answer.value) {
        await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: answer.value }] });
      }
      return;
    }
    const parsed = parseCommand(text);
    if (!parsed) {
      await this.routes.fallback(context, text, actor);
      return;
    }
    this.logger.debug({ command: parsed.name }, 'command');
    await this.routes.commands[parsed.name](context, parsed.argument, actor);
  }

  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.routes.fileConsent(context, response, actorOf(context));
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.routes.fileConsent(context, response, actorOf(context));
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue.action;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    if (!isCardVerb(verb)) {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'Unknown action' } as never,
      };
    }
    const data = action.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
    try {
      return await this.dispatch(context, verb, data, actorOf(context));
    } catch (error) {
      this.logger.error({ err: error, verb }, 'card action failed');
      return this.routes.cardError(error);
    }
  }

  /**
   * The one place a card's request id is parsed and put in the log context: a request verb gets it typed, or
   * the answer that the card named no request. The use case re-reads the request; the id is only a key.
   */
  private async dispatch(
    context: TurnContext,
    verb: CardVerb,
    data: Record<string, unknown>,
    actor: Actor,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (!isRequestVerb(verb)) return (this.routes.verbs[verb] as CardHandler)(context, data, actor);
    const requestId = requestIdOf(data);
    if (!requestId) return this.routes.noRequest(text(data, 'requestId', 20));
    const handler = this.routes.verbs[verb] as RequestCardHandler;
    return withRequestId(requestId, () => handler(context, { requestId, data }, actor));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why an adaptiveCard/action invoke's value cannot be an Action.Execute, or null when it can. */
export function malformedAction(value: unknown): string | null {
  if (!isObject(value)) return 'The invoke value must be an object with an action.';
  if (!isObject(value.action)) return 'The invoke value has no action.';
  if (value.action.type !== 'Action.Execute') return `The action '${String(value.action.type)}' is not supported.`;
  if (value.action.verb !== undefined && typeof value.action.verb !== 'string') return "The action's verb must be a string.";
  return null;
}
