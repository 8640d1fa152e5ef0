// POST /_emulator/user-token {userId, audience?, expiresInSeconds?, tenantId?, appId?, clientAppId?} → {token}: the
// access token Teams obtains through SSO and hands a bot (`value.authentication.token` of an Adaptive
// Card Universal Action), signed with the key the OpenID metadata serves. It is a v2.0 token for the bot
// app's exposed API, scope `access_as_user`, issued to the Teams client (`azp`).
// Teams SSO registration (exposed API `api://botid-{appId}`, scope `access_as_user`, Teams client ids):
// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/authentication/bot-sso-register-aad
// Access token claims (v2.0: aud, iss, tid, oid, sub, azp, scp, ver, exp):
// https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
import { randomUUID } from 'node:crypto';
import { type SigningKey } from './access-tokens';
import { isObject } from './json';
import { type Tenant } from './tenant';

/** Microsoft Teams desktop/mobile client application id (the `azp` of a Teams SSO token); Teams web is 5e3ce6c0-…. */
export const TEAMS_CLIENT_APP_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
export const TEAMS_WEB_CLIENT_APP_ID = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';
export const SSO_SCOPE = 'access_as_user';
const SSO_LIFETIME_SECONDS = 3600;

/** The v2.0 issuer of tokens for a tenant on this host (as the v2 OpenID configuration names it). */
export function userTokenIssuer(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

/** The exposed API a Teams bot registers for SSO. */
export function botApiAudience(appId: string): string {
  return `api://botid-${appId}`;
}

export interface UserTokenAnswer {
  status: number;
  body: object;
}

function refuse(message: string): UserTokenAnswer {
  return { status: 400, body: { error: { code: 'BadRequest', message } } };
}

export function handleUserToken(raw: string, tenant: Tenant, key: SigningKey, baseUrl: string, now: Date): UserTokenAnswer {
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : {};
  } catch {
    return refuse('the body is not JSON');
  }
  if (!isObject(body)) return refuse('the body must be a JSON object {userId, audience?, expiresInSeconds?, tenantId?, appId?}');
  const { userId, audience, expiresInSeconds, tenantId, appId, clientAppId } = body;
  if (typeof userId !== 'string' || !userId) return refuse('userId (a user object id or UPN of the seed) is required');
  const user = tenant.user(userId);
  if (!user) return refuse(`no user '${userId}' in the seed`);
  if (audience !== undefined && typeof audience !== 'string') return refuse('audience must be a string');
  if (expiresInSeconds !== undefined && (typeof expiresInSeconds !== 'number' || !Number.isFinite(expiresInSeconds)))
    return refuse('expiresInSeconds must be a number (negative = already expired)');
  if (tenantId !== undefined && typeof tenantId !== 'string') return refuse('tenantId must be a string');
  if (appId !== undefined && typeof appId !== 'string') return refuse('appId must be a string');
  // The client that asked Entra for the token (Teams desktop/mobile by default; a test may name another).
  if (clientAppId !== undefined && typeof clientAppId !== 'string') return refuse('clientAppId must be a string');
  const app = appId ? tenant.application(appId) : tenant.applications[0];
  if (!app) return refuse(`no application '${String(appId)}' in the seed`);
  const tid = tenantId ?? tenant.id;
  const issuedAt = Math.floor(now.getTime() / 1000);
  const lifetime = expiresInSeconds ?? SSO_LIFETIME_SECONDS;
  const token = key.signPayload({
    aud: audience ?? botApiAudience(app.appId),
    iss: userTokenIssuer(baseUrl, tid),
    iat: Math.min(issuedAt, issuedAt + lifetime - 60),
    nbf: Math.min(issuedAt, issuedAt + lifetime - 60),
    exp: issuedAt + lifetime,
    azp: clientAppId ?? TEAMS_CLIENT_APP_ID,
    azpacr: '0',
    name: typeof user.displayName === 'string' ? user.displayName : user.userPrincipalName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    rh: randomUUID(),
    scp: SSO_SCOPE,
    sub: user.id,
    tid,
    uti: randomUUID().replace(/-/g, ''),
    ver: '2.0',
  });
  return { status: 200, body: { token } };
}
