// Routes Teams activities to handlers: typed commands for messages, card verbs for Action.Execute.
// Handlers are registered in handlers/index.ts; this class holds no state of its own.
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ChannelAccount,
  type FileConsentCardResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { Logger } from '../logger';
import { parseCommand, type CommandName } from './commands';
import { type CardVerb, isCardVerb } from './card-verbs';
import { actorOf, type Actor } from './turn';
import { requestIdOf } from './handlers/form-input';
import { withRequestId } from '../log-context';

export type MessageHandler = (context: TurnContext, argument: string, actor: Actor) => Promise<void>;
export type CardHandler = (
  context: TurnContext,
  data: Record<string, unknown>,
  actor: Actor,
) => Promise<AdaptiveCardInvokeResponse>;

export interface BotHandlers {
  commands: Record<CommandName, MessageHandler>;
  /** Keyed by the Action.Execute verb. */
  verbs: Record<CardVerb, CardHandler>;
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
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m: ChannelAccount) => m.id !== botId)) await this.routes.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    if (!(await this.routes.admit(context))) return;
    await super.run(context);
  }

  private async routeMessage(context: TurnContext): Promise<void> {
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const actor = actorOf(context);
    const value = context.activity.value as Record<string, unknown> | undefined;
    // Action.Submit from older clients arrives as a message with a value: treat it like a verb.
    if (!text.trim() && value && isCardVerb(value.verb)) {
      const handler = this.routes.verbs[value.verb];
      if (handler) {
        const requestId = requestIdOf(value);
        await (requestId ? withRequestId(requestId, () => handler(context, value, actor)) : handler(context, value, actor));
        return;
      }
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
    const handler = isCardVerb(verb) ? this.routes.verbs[verb] : undefined;
    if (!handler) {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Unknown action' } as never };
    }
    const data = action.data && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
    const run = async (): Promise<AdaptiveCardInvokeResponse> => {
      try {
        return await handler(context, data, actorOf(context));
      } catch (error) {
        this.logger.error({ err: error, verb }, 'card action failed');
        return this.routes.cardError(error);
      }
    };
    // The card's request id only labels the log lines; the handler reloads and checks the request.
    const requestId = requestIdOf(data);
    return requestId ? withRequestId(requestId, run) : run();
  }
}
