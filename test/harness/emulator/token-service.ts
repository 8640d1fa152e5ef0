// The Bot Framework token service (the "OAuth API" at https://api.botframework.com) as the SDK's user-token
// client calls it (botframework-connector's TokenApiClient), for one OAuth connection per bot app:
//   GET    /api/botsignin/GetSignInResource?state=…   → SignInUrlResponse {signInLink, tokenExchangeResource, tokenPostResource}
//   GET    /api/botsignin/GetSignInUrl?state=…        → the sign-in link as text
//   GET    /api/usertoken/GetToken?userId&connectionName&channelId[&code] → TokenResponse, or 404 (no token)
//   POST   /api/usertoken/exchange?userId&connectionName&channelId {uri, token} → TokenResponse, or 400 ErrorResponse
//   DELETE /api/usertoken/SignOut?userId&connectionName&channelId
// `state` is the SDK's base64 TokenExchangeState {connectionName, conversation (its `user` is the Teams user),
// msAppId}. The sign-in link opens the emulator's sign-in page; finishing it (or POST /_emulator/sign-in, which
// plays the person) yields the magic code Teams sends back as `value.state`, good once, for that Teams user and
// connection, for five minutes. The token the connection holds is a delegated Graph token of the seed app, for
// the person who signed in, with the scopes an admin consented (AAD v2 connection, Graph scopes).
// Protocol: https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
// and https://learn.microsoft.com/azure/bot-service/bot-builder-concept-authentication
import { randomInt, randomUUID } from 'node:crypto';
import { type SigningKey } from './access-tokens';
import { isObject } from './json';
import { delegatedGraphToken, issueOnBehalfOf } from './on-behalf-of';
import { tokenIssuer } from './openid-metadata';
import { botApiAudience } from './user-tokens';
import { type Tenant } from './tenant';

const CODE_MINUTES = 5;

export interface TokenServiceAnswer {
  status: number;
  body?: unknown;
  contentType?: string;
}

interface Link {
  connectionName: string;
  /** The Teams user the bot asked for (TokenExchangeState.conversation.user.id). */
  channelUserId: string;
  msAppId: string;
}

interface Held {
  token: string;
  expiresAt: number;
  entraUserId: string;
}

export type SignInOutcome = { ok: true; magicCode: string } | { ok: false; status: number; error: { code: string; message: string } };

export interface TokenServiceStats {
  signInResources: number;
  magicCodesIssued: number;
  tokensByCode: number;
  exchanges: number;
  signOuts: number;
}

function errorResponse(status: number, code: string, message: string): TokenServiceAnswer {
  return { status, body: { error: { code, message } } };
}

const key = (channelUserId: string, connectionName: string) => `${channelUserId}\n${connectionName.toLowerCase()}`;

export class TokenService {
  private readonly links = new Map<string, Link>();
  private readonly codes = new Map<string, { link: Link; entraUserId: string; expiresAt: number }>();
  private readonly held = new Map<string, Held>();
  private readonly counts: TokenServiceStats = { signInResources: 0, magicCodesIssued: 0, tokensByCode: 0, exchanges: 0, signOuts: 0 };

  constructor(
    private readonly tenant: Tenant,
    private readonly signingKey: SigningKey,
    private readonly baseUrl: () => string,
  ) {}

  stats(): TokenServiceStats {
    return { ...this.counts };
  }

  /** The answer for a token service path, or null when the path is not the token service's. */
  handle(method: string, path: string, query: URLSearchParams, raw: string, now: Date): TokenServiceAnswer | null {
    const route = `${method} ${path.toLowerCase()}`;
    switch (route) {
      case 'GET /api/botsignin/getsigninresource':
      case 'GET /api/botsignin/getsigninurl': {
        const link = this.linkFor(query.get('state'));
        if (!link) return errorResponse(400, 'BadArgument', 'state is not a TokenExchangeState');
        const id = randomUUID();
        this.links.set(id, link);
        this.counts.signInResources += 1;
        const signInLink = `${this.baseUrl()}/_emulator/sign-in-page?link=${id}`;
        if (route.endsWith('getsigninurl')) return { status: 200, body: signInLink, contentType: 'text/plain' };
        const app = this.tenant.application(link.msAppId) ?? this.tenant.applications[0];
        return {
          status: 200,
          body: {
            signInLink,
            tokenExchangeResource: { id: randomUUID(), uri: botApiAudience(app?.appId ?? link.msAppId), providerId: 'aadv2-federated' },
            tokenPostResource: { sasUrl: `${this.baseUrl()}/_emulator/token-post/${id}` },
          },
        };
      }
      case 'GET /api/usertoken/gettoken':
        return this.getToken(query, now);
      case 'POST /api/usertoken/exchange':
        return this.exchange(query, raw, now);
      case 'DELETE /api/usertoken/signout': {
        const userId = query.get('userId') ?? '';
        const connection = query.get('connectionName');
        for (const k of [...this.held.keys()])
          if (k.startsWith(`${userId}\n`) && (!connection || k === key(userId, connection))) this.held.delete(k);
        this.counts.signOuts += 1;
        return { status: 200, body: {} };
      }
      default:
        return /^\/api\/(usertoken|botsignin)\//i.test(path) ? errorResponse(404, 'NotFound', `No ${method} ${path}`) : null;
    }
  }

  /** The person finishing the sign-in page that `signInUrl` opened: the magic code, or Entra's refusal. */
  signIn(userIdOrUpn: string, signInUrl: string, now: Date): SignInOutcome {
    let linkId: string | null;
    try {
      linkId = new URL(signInUrl).searchParams.get('link');
    } catch {
      linkId = null;
    }
    const link = linkId ? this.links.get(linkId) : undefined;
    if (!link)
      return { ok: false, status: 400, error: { code: 'BadRequest', message: 'signInUrl is not a sign-in link this token service gave' } };
    const user = this.tenant.user(userIdOrUpn);
    if (!user) return { ok: false, status: 400, error: { code: 'BadRequest', message: `no user '${userIdOrUpn}' in the seed` } };
    const app = this.tenant.application(link.msAppId) ?? this.tenant.applications[0];
    if (!app || app.grantedDelegatedPermissions.length === 0) {
      // What Entra shows a user when the app needs admin consent for a scope users may not consent to.
      return {
        ok: false,
        status: 403,
        error: {
          code: 'AADSTS90094',
          message:
            `AADSTS90094: An administrator of ${this.tenant.displayName} has set a policy that prevents you from granting ` +
            `${app?.displayName ?? 'this app'} the permissions it is requesting.`,
        },
      };
    }
    if (user.accountEnabled === false)
      return { ok: false, status: 403, error: { code: 'AADSTS50057', message: 'AADSTS50057: The user account is disabled.' } };
    this.links.delete(linkId as string);
    const magicCode = String(randomInt(100000, 1000000));
    this.codes.set(magicCode, { link, entraUserId: user.id, expiresAt: now.getTime() + CODE_MINUTES * 60_000 });
    this.counts.magicCodesIssued += 1;
    return { ok: true, magicCode };
  }

  private linkFor(state: string | null): Link | null {
    if (!state) return null;
    try {
      const parsed = JSON.parse(Buffer.from(state, 'base64').toString('utf8')) as unknown;
      if (!isObject(parsed) || typeof parsed.connectionName !== 'string' || !isObject(parsed.conversation)) return null;
      const user = parsed.conversation.user;
      if (!isObject(user) || typeof user.id !== 'string') return null;
      return {
        connectionName: parsed.connectionName,
        channelUserId: user.id,
        msAppId: typeof parsed.msAppId === 'string' ? parsed.msAppId : '',
      };
    } catch {
      return null;
    }
  }

  private getToken(query: URLSearchParams, now: Date): TokenServiceAnswer {
    const userId = query.get('userId');
    const connectionName = query.get('connectionName');
    const channelId = query.get('channelId') ?? '';
    if (!userId || !connectionName) return errorResponse(400, 'BadArgument', 'userId and connectionName are required');
    const code = query.get('code');
    if (code) {
      const pending = this.codes.get(code);
      // A code is good once, for the Teams user and connection it was made for, within its time.
      const forThisUser =
        pending && pending.link.channelUserId === userId && pending.link.connectionName.toLowerCase() === connectionName.toLowerCase();
      if (pending && forThisUser && pending.expiresAt > now.getTime()) {
        this.codes.delete(code);
        const app = this.tenant.application(pending.link.msAppId) ?? this.tenant.applications[0];
        const user = this.tenant.user(pending.entraUserId);
        if (app && user) {
          const minted = delegatedGraphToken(
            app,
            user,
            this.tenant,
            this.signingKey,
            tokenIssuer(this.tenant.id),
            Math.floor(now.getTime() / 1000),
          );
          this.held.set(key(userId, connectionName), {
            token: minted.access_token,
            expiresAt: now.getTime() + minted.expires_in * 1000,
            entraUserId: user.id,
          });
          this.counts.tokensByCode += 1;
        }
      }
    }
    const held = this.held.get(key(userId, connectionName));
    if (!held || held.expiresAt <= now.getTime()) return { status: 404 };
    return { status: 200, body: { channelId, connectionName, token: held.token, expiration: new Date(held.expiresAt).toISOString() } };
  }

  /** SSO token exchange: Teams' token for the bot's API traded for the connection's token (an on-behalf-of, as the service does). */
  private exchange(query: URLSearchParams, raw: string, now: Date): TokenServiceAnswer {
    const userId = query.get('userId');
    const connectionName = query.get('connectionName');
    if (!userId || !connectionName) return errorResponse(400, 'BadArgument', 'userId and connectionName are required');
    let body: unknown;
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      return errorResponse(400, 'BadArgument', 'the body is not JSON');
    }
    if (!isObject(body) || typeof body.token !== 'string') return errorResponse(400, 'BadArgument', 'the body must be {uri?, token}');
    const app = this.tenant.applications[0];
    if (!app) return errorResponse(400, 'BadArgument', 'no application in the seed');
    this.counts.exchanges += 1;
    const scope = app.grantedDelegatedPermissions.join(' ') || 'User.Read';
    const form = new URLSearchParams({ requested_token_use: 'on_behalf_of', assertion: body.token, scope });
    const answer = issueOnBehalfOf(form, app, this.tenant, this.signingKey, tokenIssuer(this.tenant.id), now);
    const sts = answer.body as { access_token?: string; expires_in?: number; error_description?: string; error?: string };
    if (answer.status !== 200 || !sts.access_token) {
      return errorResponse(400, 'TokenExchangeFailed', sts.error_description ?? sts.error ?? 'the exchange failed');
    }
    const expiresAt = now.getTime() + (sts.expires_in ?? 0) * 1000;
    const claims = JSON.parse(Buffer.from(sts.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { oid?: string };
    this.held.set(key(userId, connectionName), { token: sts.access_token, expiresAt, entraUserId: claims.oid ?? '' });
    const channelId = query.get('channelId') ?? '';
    return { status: 200, body: { channelId, connectionName, token: sts.access_token, expiration: new Date(expiresAt).toISOString() } };
  }
}

/** The emulated sign-in page the link opens: who signs in, then the code to give Teams. */
export function signInPage(link: string, message: { code?: string; error?: string } = {}): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = message.code
    ? `<p>You are signed in. Your sign-in code:</p>
<p id="magic-code" style="font-size:2em;font-family:monospace">${escape(message.code)}</p>
<p>Teams completes the action with it.</p>`
    : `${message.error ? `<p id="sign-in-error" style="color:#a4262c">${escape(message.error)}</p>` : ''}
<form method="post" action="/_emulator/sign-in-page">
  <input type="hidden" name="link" value="${escape(link)}">
  <label>Account (user principal name) <input id="account" name="userId" autocomplete="off" size="40"></label>
  <button id="sign-in" type="submit">Sign in</button>
</form>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sign in to your account (emulated Entra)</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>Sign in</h1>
<p>Emulated Microsoft Entra sign-in for the Bot Framework token service.</p>${body}</body></html>`;
}
