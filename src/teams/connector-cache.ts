// Reuses Bot Connector clients across turns. botbuilder builds a new ConnectorClient, with its
// whole HTTP pipeline and credentials, for every inbound activity and every proactive message, and
// a user-token client beside it; that was a fifth of a simple turn's CPU. Clients hold no per-turn
// state (the credentials refresh their own tokens), so one per bot app id, service URL and audience
// serves every turn. Authentication of each inbound request is untouched: it is the inner one's.
import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  AuthenticationConstants,
  type BotFrameworkClient,
  ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  JwtTokenValidation,
  type UserTokenClient,
} from 'botframework-connector';

/** Teams answers from a handful of regional service URLs; the bound only matters against junk. */
const MAX_CLIENTS = 64;

class Bounded<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found) return found;
    // A failed creation is not kept: the next turn tries again.
    const made = make().catch((error: unknown) => {
      this.entries.delete(key);
      throw error;
    });
    if (this.entries.size >= MAX_CLIENTS) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, made);
    return made;
  }
}

class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: Bounded<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), () => this.inner.create(serviceUrl, audience));
  }
}

export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new Bounded<ConnectorClient>();
  private readonly userTokens = new Bounded<UserTokenClient>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    /** This bot's app id ('' when inbound authentication is off): the token service's state names it. */
    private readonly botAppId = '',
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.cached(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.cached(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.connectors);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // An unauthenticated turn's identity has no app id, and the SDK's user-token client then cannot name the bot
    // in the sign-in state (it requires a string): it is this bot's own app id, as configured.
    const identity = appIdOf(claimsIdentity)
      ? claimsIdentity
      : new ClaimsIdentity([{ type: AuthenticationConstants.AppIdClaim, value: this.botAppId }], true);
    return this.userTokens.get(appIdOf(identity), () => this.inner.createUserTokenClient(identity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private cached(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: new CachingConnectorFactory(result.connectorFactory, appIdOf(result.claimsIdentity), this.connectors),
    };
  }
}

function appIdOf(identity: ClaimsIdentity): string {
  return JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? '';
}
