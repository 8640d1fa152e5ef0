// The on-behalf-of grant: a confidential client (already authenticated by token-endpoint.ts) trades the
// user's token for its own API (`assertion`) for a delegated Microsoft Graph token, as Entra does:
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow
//   grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer, client_id, client_secret (or client_assertion),
//   assertion, scope, requested_token_use=on_behalf_of.
// Refusals carry Entra's AADSTS codes (https://learn.microsoft.com/entra/identity-platform/reference-error-codes):
//   65001 invalid_grant + suberror consent_required (a requested scope no admin consented to),
//   50076 interaction_required + `claims` challenge (MFA demanded by Conditional Access; the OBO article's
//   error example carries the same shape, with a claims JSON naming the policy), 500133 expired assertion,
//   50013 assertion not for this app / not signed by Entra, 50034 unknown user, 50057 disabled user.
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type SigningKey, TOKEN_LIFETIME_SECONDS } from './access-tokens';
import { type SeedApplication, type SeedUser } from './seed';
import { type StsAnswer, stsError } from './sts-errors';
import { type Tenant } from './tenant';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** OpenID Connect scopes MSAL adds to every request; they never need consent for Graph. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

interface Assertion {
  aud?: unknown;
  tid?: unknown;
  oid?: unknown;
  exp?: unknown;
  scp?: unknown;
}

/** "2024-05-01T10:00:00Z": the times in 500133's description. */
function stsTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The audiences an app's exposed API goes by: its app id, `api://{appId}`, `api://botid-{appId}`, or `api://{host}/{appId | botid-appId}`. */
export function isAudienceOf(aud: string, appId: string): boolean {
  const id = appId.toLowerCase();
  const a = aud.toLowerCase();
  if (a === id) return true;
  if (!a.startsWith('api://')) return false;
  const last = a.replace(/\/+$/, '').split('/').pop() ?? '';
  return last === id || last === `botid-${id}`;
}

/** Graph scope names of a request (`https://graph.microsoft.com/X`, `00000003-…/X` or bare `X`); null when another resource is named. */
function graphScopes(scope: string): { scopes: string[]; foreign: string | null } {
  const scopes: string[] = [];
  for (const item of scope.split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.has(item.toLowerCase())) continue;
    const m = /^(https?:\/\/[^/]+|[0-9a-f-]{36})\/(.+)$/i.exec(item);
    if (!m) {
      scopes.push(item);
      continue;
    }
    const resource = (m[1] as string).toLowerCase();
    if (resource !== GRAPH_RESOURCE && resource !== GRAPH_APP_ID) return { scopes, foreign: m[1] as string };
    scopes.push(m[2] as string);
  }
  return { scopes, foreign: null };
}

export function issueOnBehalfOf(
  form: URLSearchParams,
  app: SeedApplication,
  tenant: Tenant,
  key: SigningKey,
  issuer: string,
  now: Date,
): StsAnswer {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (form.get('requested_token_use') !== 'on_behalf_of') {
    return stsError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'requested_token_use'.", now);
  }
  const raw = form.get('assertion');
  if (!raw) return stsError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'assertion'.", now);
  let assertion: Assertion;
  try {
    assertion = jwt.verify(raw, key.publicKey, { algorithms: ['RS256'], ignoreExpiration: true, ignoreNotBefore: true }) as Assertion;
  } catch {
    // Not a JWT this tenant's keys signed (Entra only honours its own tokens as assertions).
    return stsError(400, 'invalid_grant', 50013, 'Assertion failed signature validation. [Reason - The key was not found.]', now);
  }
  if (typeof assertion.exp !== 'number' || assertion.exp <= nowSeconds) {
    const expiry = typeof assertion.exp === 'number' ? stsTime(assertion.exp) : 'unknown';
    return stsError(
      400,
      'invalid_grant',
      500133,
      `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${stsTime(nowSeconds)}, expiry time of assertion ${expiry}.`,
      now,
    );
  }
  const aud = typeof assertion.aud === 'string' ? assertion.aud : '';
  if (!isAudienceOf(aud, app.appId)) {
    return stsError(
      400,
      'invalid_grant',
      50013,
      `Assertion audience claim does not match the required value. The audience in the assertion was '${aud}' and the expected audience is 'api://botid-${app.appId}' or one of the Application Ids of this application: '${app.appId}'.`,
      now,
    );
  }
  // Not documented word for word: a user token from another tenant presented at this tenant's endpoint.
  // Entra refuses it as an invalid grant; 50013 is its code for an assertion it cannot accept.
  if (String(assertion.tid ?? '').toLowerCase() !== tenant.id.toLowerCase()) {
    return stsError(
      400,
      'invalid_grant',
      50013,
      `Assertion is not valid for this tenant: it was issued by tenant '${String(assertion.tid)}', not '${tenant.id}'.`,
      now,
    );
  }
  const user = typeof assertion.oid === 'string' ? tenant.user(assertion.oid) : undefined;
  if (!user)
    return stsError(
      400,
      'invalid_grant',
      50034,
      `The user account {EmailHidden} does not exist in the '${tenant.id}' directory. To sign into this application, the account must be added to the directory.`,
      now,
    );
  if (user.accountEnabled === false) return stsError(400, 'invalid_grant', 50057, 'The user account is disabled.', now);

  const requested = graphScopes(form.get('scope') ?? '');
  if (requested.foreign) {
    return stsError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${requested.foreign} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      now,
    );
  }
  const granted = app.grantedDelegatedPermissions;
  const grantedLower = new Set(granted.map((s) => s.toLowerCase()));
  const wantsDefault = requested.scopes.some((s) => s.toLowerCase() === '.default');
  const missing = requested.scopes.filter((s) => s.toLowerCase() !== '.default' && !grantedLower.has(s.toLowerCase()));
  if (missing.length > 0 || granted.length === 0 || (!wantsDefault && requested.scopes.length === 0)) {
    return stsError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${app.appId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      now,
      { suberror: 'consent_required' },
    );
  }
  if (tenant.delegatedAccess().interactionRequired.includes(user.id.toLowerCase())) {
    // The claims challenge the middle tier must pass back to the client (OBO article, "Error response example").
    const claims = JSON.stringify({ access_token: { capolids: { essential: true, values: [interactionPolicyId(tenant)] } } });
    return stsError(
      400,
      'interaction_required',
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${GRAPH_APP_ID}'.`,
      now,
      { suberror: 'basic_action', claims },
    );
  }
  return { status: 200, body: delegatedGraphToken(app, user, tenant, key, issuer, nowSeconds) };
}

/** A delegated Graph token for `user` through `app` (on-behalf-of, or the Bot Framework token service's sign-in). */
export function delegatedGraphToken(
  app: SeedApplication,
  user: SeedUser,
  tenant: Tenant,
  key: SigningKey,
  issuer: string,
  nowSeconds: number,
) {
  // A delegated token holds every consented scope of the resource (Entra's static consent), as `scp`.
  const granted = app.grantedDelegatedPermissions;
  const scp = granted.join(' ');
  const accessToken = key.signPayload({
    aud: GRAPH_RESOURCE,
    iss: issuer,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + TOKEN_LIFETIME_SECONDS,
    acr: '1',
    amr: ['pwd', 'mfa'],
    app_displayname: app.displayName,
    appid: app.appId,
    appidacr: '1',
    azp: app.appId,
    idp: issuer,
    idtyp: 'user',
    name: typeof user.displayName === 'string' ? user.displayName : user.userPrincipalName,
    oid: user.id,
    scp,
    sub: user.id,
    tid: tenant.id,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    uti: randomUUID().replace(/-/g, ''),
    ver: '1.0',
  });
  return {
    token_type: 'Bearer',
    scope: granted.map((s) => `${GRAPH_RESOURCE}/${s}`).join(' '),
    expires_in: TOKEN_LIFETIME_SECONDS - 1,
    ext_expires_in: TOKEN_LIFETIME_SECONDS - 1,
    access_token: accessToken,
  };
}

/** The Conditional Access policy the challenge names: the seed's first enabled one, else a fixed id. */
function interactionPolicyId(tenant: Tenant): string {
  const policy = tenant.conditionalAccessPolicies().find((p) => p.state === 'enabled') ?? tenant.conditionalAccessPolicies()[0];
  return policy?.id ?? '00000000-0000-0000-0000-000000000000';
}
