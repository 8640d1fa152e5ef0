// Teams SSO for Adaptive Card Universal Actions, as Microsoft documents it, for any click that must act with the
// clicker's own Entra rights (approve a request, remove one's own pass, revoke as an agent):
// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/sso-adaptive-cards-universal-action
// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/
//   authentication-flow-in-universal-action-for-adaptive-cards
// 1. No usable token: answer 401 loginRequest. Its sign-in button is the link the Bot Framework token service gives
//    for this activity and our OAuth connection (the SDK's user-token client), its tokenExchangeResource the
//    exposed API Teams gets a token for silently, with our challenge as the id. Approve asks for the link beside
//    its live review (signInResource) and drops it unseen when the review refuses.
// 2. Teams re-sends the action with `value.authentication` {id, token} (silent SSO): the challenge must be ours, for
//    this conversation, clicker and subject; the token must be Entra's for our API and this clicker. We then
//    exchange it on-behalf-of them ourselves. Anything failing answers 412 preconditionFailed, the documented
//    signal for Teams to fall back to the sign-in button.
// 3. Or, after the person completed that sign-in page, with `value.state` (the magic code): the token service
//    gives their token for our connection (a delegated Graph token), bound by it to this Teams user.
import type { AdaptiveCardInvokeResponse, CloudAdapterBase, TurnContext } from 'botbuilder';
import type { SignInUrlResponse, UserTokenClient } from 'botframework-connector';
import { decodeJwt } from 'jose';
import type { Clock } from '../app';
import type { SignInChallenges } from './sign-in-challenges';
import type { SsoConfig } from '../config';
import type { Logger } from '../logger';
import { EntraTokenCheck, type TokenCheck } from './entra-token-check';
import type { Actor } from './turn';

export interface Authentication {
  id: string;
  token: string;
}

/** `value.authentication` of a re-sent adaptiveCard/action, when Teams attached one. */
export function authenticationOf(context: TurnContext): Authentication | null {
  const value = context.activity.value as { authentication?: { id?: unknown; token?: unknown } } | undefined;
  const auth = value?.authentication;
  if (!auth || typeof auth.token !== 'string' || !auth.token) return null;
  return { id: typeof auth.id === 'string' ? auth.id : '', token: auth.token };
}

/** `value.state` of a re-sent adaptiveCard/action: the magic code from the token service's sign-in page. */
export function magicCodeOf(context: TurnContext): string | null {
  const state = (context.activity.value as { state?: unknown } | undefined)?.state;
  return typeof state === 'string' && /^[\w-]{1,64}$/.test(state) ? state : null;
}

/**
 * The documented "precondition failed" answer (value: {code, message}), as Microsoft's Teams SDK models it:
 * https://learn.microsoft.com/python/api/microsoft-teams-api/microsoft_teams.api.adaptivecardactionpreconditionfailedresponse
 * https://learn.microsoft.com/dotnet/api/microsoft.agents.builder.app.adaptivecards.adaptivecardinvokeresponsefactory.preconditionfailed
 */
export function preconditionFailed(message: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 412,
    type: 'application/vnd.microsoft.error.preconditionFailed',
    value: { code: 'PreconditionFailed', message } as never,
  };
}

export interface SsoOptions {
  config: SsoConfig;
  tenantId: string;
  /** Entra's authority host (the emulator's locally): its v2.0 OpenID metadata names the signing keys. */
  authorityHost: string;
  challenges: SignInChallenges;
  clock: Clock;
  logger: Logger;
  /** For tests: the token check (default: Entra's keys through jose). */
  tokenCheck?: EntraTokenCheck;
}

/** What the token service answers for a sign-in link (the SDK's type). */
export type SignInResource = SignInUrlResponse;

export interface DelegatedToken {
  token: string;
  expiresAt: number;
}

export class TeamsSso {
  readonly tokens: EntraTokenCheck;

  constructor(private readonly options: SsoOptions) {
    const { config, tenantId, authorityHost, clock } = options;
    this.tokens =
      options.tokenCheck ??
      new EntraTokenCheck({
        tenantId,
        authorityHost,
        appIdUri: config.appIdUri,
        clientId: config.clientId,
        extraClientIds: config.extraClientIds,
        clock,
      });
  }

  /**
   * The token service's sign-in link for this activity and our connection: the one remote round trip of the prompt.
   * A link, not a token: asking for it changes nothing, so it may be fetched before the prompt is decided.
   */
  signInResource(context: TurnContext): Promise<SignInResource> {
    return userTokenClient(context).getSignInResource(this.options.config.connectionName, context.activity, '');
  }

  /**
   * The 401 loginRequest: the token service's sign-in link (`resource`, when already asked for), and a challenge
   * bound to this conversation, clicker and subject.
   */
  async loginRequest(
    context: TurnContext,
    actor: Actor,
    subject: string,
    text: string,
    resource: Promise<SignInResource> = this.signInResource(context),
  ): Promise<AdaptiveCardInvokeResponse> {
    const { appIdUri, connectionName } = this.options.config;
    const link = await resource;
    const id = await this.options.challenges.issue({ conversationId: context.activity.conversation.id, userId: actor.id, subject });
    return {
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: {
        text,
        connectionName,
        tokenExchangeResource: { id, uri: appIdUri, providerId: link.tokenExchangeResource?.providerId },
        buttons: [{ title: 'Sign in', text: 'Sign in', type: 'signin', value: link.signInLink }],
      } as never,
    };
  }

  /** Checks a re-sent action's challenge and token. */
  async accept(context: TurnContext, actor: Actor, subject: string, auth: Authentication): Promise<TokenCheck> {
    const bound = await this.options.challenges.redeem(auth.id, {
      conversationId: context.activity.conversation.id,
      userId: actor.id,
      subject,
    });
    if (!bound.ok) return bound;
    return this.tokens.verify(auth.token, actor.id);
  }

  /**
   * The clicker's token from the token service for the magic code, or why not. The token service binds the code
   * to the Teams user who signed in; the token's own `oid`/`tid` must still be the clicker's and ours.
   */
  async redeemMagicCode(
    context: TurnContext,
    actor: Actor,
    code: string,
  ): Promise<{ ok: true; token: DelegatedToken } | { ok: false; reason: string }> {
    const { activity } = context;
    let answer: { token?: string; expiration?: string } | undefined;
    try {
      answer = await userTokenClient(context).getUserToken(activity.from.id, this.options.config.connectionName, activity.channelId, code);
    } catch (error) {
      this.options.logger.warn(
        { userId: actor.id, err: error instanceof Error ? error.message : String(error) },
        'token service refused the magic code',
      );
      return { ok: false, reason: 'the token service did not accept the sign-in code' };
    }
    if (!answer?.token) return { ok: false, reason: 'the token service had no token for this sign-in code' };
    let claims: { oid?: unknown; tid?: unknown; exp?: unknown };
    try {
      claims = decodeJwt(answer.token);
    } catch {
      return { ok: false, reason: 'the token service gave no JWT' };
    }
    if (String(claims.tid ?? '').toLowerCase() !== this.options.tenantId.toLowerCase()) return { ok: false, reason: 'another tenant' };
    if (String(claims.oid ?? '').toLowerCase() !== actor.id.toLowerCase()) return { ok: false, reason: 'another user than the clicker' };
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.parse(answer.expiration ?? '');
    if (!Number.isFinite(expiresAt) || expiresAt <= this.options.clock.now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, token: { token: answer.token, expiresAt } };
  }
}

/** The SDK's user-token client for this turn (CloudAdapter puts it in the turn state). */
function userTokenClient(context: TurnContext): UserTokenClient {
  const key = (context.adapter as CloudAdapterBase).UserTokenClientKey;
  const client = key ? context.turnState.get<UserTokenClient>(key) : undefined;
  if (!client) throw new Error('no Bot Framework user-token client on this turn');
  return client;
}
