// Teams SSO for Adaptive Card Universal Actions (delegated issuance): when an approver clicks Approve
// and this instance holds no usable token for them, the invoke is answered 401 loginRequest; Teams
// obtains the approver's token for our exposed API and sends the same action again with
// `value.authentication` {id, connectionName, token}.
// https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/Universal-actions-for-adaptive-cards/sso-adaptive-cards-universal-action
//
// What binds a token to this click: the loginRequest's tokenExchangeResource.id is a fresh one-time
// challenge stored (create-only) with the conversation, the clicker and the request it was issued
// for. A re-sent action is accepted only with a challenge issued for the same conversation, clicker
// and request, within five minutes, once; so a token (or a whole re-sent action) captured in another
// conversation is refused. The token itself is checked as Entra's: signature from the tenant's JWKS,
// audience our exposed API, our tenant, the clicker's object id, not expired, scope access_as_user.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import jwt from 'jsonwebtoken';
import type { Clock } from '../app/ports';
import type { SsoChallenges } from '../app/sso-challenges';
import type { SsoConfig } from '../config';
import type { Logger } from '../logger';
import type { Actor } from './turn';

/** The scope the Teams app's exposed API defines (infra/README "Delegated issuance"). */
export const SSO_SCOPE = 'access_as_user';
const KEYS_REFRESH_MS = 60_000;

export interface Authentication {
  id: string;
  token: string;
}

export type TokenCheck = { ok: true } | { ok: false; reason: string };

/** `value.authentication` of a re-sent adaptiveCard/action, when Teams attached one. */
export function authenticationOf(context: TurnContext): Authentication | null {
  const value = context.activity.value as { authentication?: { id?: unknown; token?: unknown } } | undefined;
  const auth = value?.authentication;
  if (!auth || typeof auth.token !== 'string' || !auth.token) return null;
  return { id: typeof auth.id === 'string' ? auth.id : '', token: auth.token };
}

export interface SsoOptions {
  config: SsoConfig;
  tenantId: string;
  /** Entra's authority host (the emulator's locally): its v2.0 OpenID metadata names the signing keys. */
  authorityHost: string;
  /** The one-time challenges, kept by the application (app/sso-challenges.ts). */
  challenges: SsoChallenges;
  clock: Clock;
  logger: Logger;
  /** For tests: the signing keys by kid (default: Entra's JWKS, through its OpenID metadata). */
  signingKeys?: () => Promise<Map<string, KeyObject>>;
}

export class TeamsSso {
  private keys: { byKid: Map<string, KeyObject>; at: number } | null = null;

  constructor(private readonly options: SsoOptions) {}

  /** The 401 loginRequest answer, with a fresh challenge bound to this conversation, clicker and request. */
  async loginRequest(context: TurnContext, actor: Actor, requestId: string): Promise<AdaptiveCardInvokeResponse> {
    const id = await this.options.challenges.issue({ conversationId: context.activity.conversation.id, userId: actor.id, requestId });
    const { appIdUri, connectionName } = this.options.config;
    return {
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
      value: {
        text: 'Sign in so that TAP Desk can create the pass with your own Entra rights',
        connectionName,
        tokenExchangeResource: { id, uri: appIdUri },
        buttons: [{ title: 'Sign in', text: 'Sign in', type: 'signin', value: this.signInUrl() }],
      } as never,
    };
  }

  /**
   * Teams' fallback when SSO cannot finish silently: Entra's authorize page for our exposed API, returning
   * to the Azure Bot token service's redirect (the OAuth connection SSO_CONNECTION_NAME completes it).
   */
  private signInUrl(): string {
    const { appIdUri, clientId } = this.options.config;
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      scope: `${appIdUri}/${SSO_SCOPE}`,
      redirect_uri: 'https://token.botframework.com/.auth/web/redirect',
    });
    return `${this.options.authorityHost}/${this.options.tenantId}/oauth2/v2.0/authorize?${query.toString()}`;
  }

  /** Checks a re-sent action's challenge and token; a challenge is used up whatever the outcome. */
  async accept(context: TurnContext, actor: Actor, requestId: string, auth: Authentication): Promise<TokenCheck> {
    const bound = await this.options.challenges.redeem(auth.id, { conversationId: context.activity.conversation.id, userId: actor.id, requestId });
    if (!bound.ok) return bound;
    return this.verify(auth.token, actor.id);
  }

  /** Entra's token for our exposed API, of this tenant, for this person, still valid. */
  async verify(token: string, expectedOid: string): Promise<TokenCheck> {
    const header = jwt.decode(token, { complete: true })?.header;
    if (!header?.kid || header.alg !== 'RS256') return { ok: false, reason: 'not a signed Entra token' };
    const key = await this.key(header.kid);
    if (!key) return { ok: false, reason: 'unknown signing key' };
    const { tenantId, config } = this.options;
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['RS256'],
        audience: [config.appIdUri, config.clientId],
        issuer: [`${this.options.authorityHost}/${tenantId}/v2.0`, `https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
        clockTimestamp: Math.floor(this.options.clock.now().getTime() / 1000),
      }) as jwt.JwtPayload;
    } catch (error) {
      return { ok: false, reason: error instanceof jwt.TokenExpiredError ? 'expired' : error instanceof Error ? error.message : 'invalid' };
    }
    if (String(claims.tid ?? '').toLowerCase() !== tenantId.toLowerCase()) return { ok: false, reason: 'another tenant' };
    if (String(claims.oid ?? '').toLowerCase() !== expectedOid.toLowerCase()) return { ok: false, reason: 'another user than the clicker' };
    const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
    if (!scopes.includes(SSO_SCOPE)) return { ok: false, reason: `no ${SSO_SCOPE} scope` };
    return { ok: true };
  }

  private async key(kid: string): Promise<KeyObject | null> {
    const now = Date.now();
    if (!this.keys?.byKid.has(kid) && (!this.keys || now - this.keys.at > KEYS_REFRESH_MS)) {
      this.keys = { byKid: await (this.options.signingKeys ?? (() => this.fetchKeys()))(), at: now };
    }
    return this.keys?.byKid.get(kid) ?? null;
  }

  private async fetchKeys(): Promise<Map<string, KeyObject>> {
    const base = `${this.options.authorityHost}/${this.options.tenantId}`;
    const metadata = (await (await fetch(`${base}/v2.0/.well-known/openid-configuration`)).json()) as { jwks_uri?: string };
    if (!metadata.jwks_uri) throw new Error('Entra OpenID metadata without jwks_uri');
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as { keys?: Array<{ kid?: string; kty?: string; n?: string; e?: string }> };
    const out = new Map<string, KeyObject>();
    for (const k of jwks.keys ?? []) {
      if (k.kid && k.kty === 'RSA' && k.n && k.e) out.set(k.kid, createPublicKey({ key: { kty: 'RSA', n: k.n, e: k.e }, format: 'jwk' }));
    }
    return out;
  }
}
