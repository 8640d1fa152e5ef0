// Is this the Teams SSO token Entra issued for our exposed API, to this clicker, in our tenant? Checked with
// `jose` (a maintained JOSE library): RS256 only, `exp` required, a small clock tolerance, and the Teams
// client that asked for it pinned through `azp` (v2 tokens) or `appid` (v1 tokens).
// Teams' own client ids, which the SSO app registration pre-authorises ("Configure your app in Microsoft
// Entra ID", authorized client applications):
// https://learn.microsoft.com/microsoftteams/platform/bots/how-to/authentication/bot-sso-register-aad
// Access token claims (aud, iss, tid, oid, scp, azp, appid, exp, nbf):
// https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../app';

/** The scope the Teams app's exposed API defines (infra/README "Delegated issuance"). */
export const SSO_SCOPE = 'access_as_user';

/** Microsoft Teams desktop/mobile and Teams web: the clients that obtain SSO tokens for a Teams app. */
export const TEAMS_CLIENT_IDS: readonly string[] = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];

/** Clock skew accepted on `exp` and `nbf`: Entra's and our clocks differ by seconds, never by minutes. */
export const CLOCK_TOLERANCE_SECONDS = 60;
const FETCH_TIMEOUT_MS = 5_000;
/** After a fetch, no other for this long even for an unknown kid (a flood of made-up kids costs one fetch). */
const COOLDOWN_MS = 30_000;
/** Keys are re-read at least this often, so a key Entra rotated out stops being trusted. */
const KEYS_MAX_AGE_MS = 10 * 60_000;

export type TokenCheck = { ok: true; claims: JWTPayload } | { ok: false; reason: string };

export interface TokenCheckOptions {
  tenantId: string;
  /** Entra's authority host: its v2.0 OpenID metadata names the signing keys. */
  authorityHost: string;
  /** Our exposed API's Application ID URI and the app id behind it (the audiences Entra may write). */
  appIdUri: string;
  clientId: string;
  /** Client apps besides Teams' own whose tokens are accepted. */
  extraClientIds: readonly string[];
  clock: Clock;
  /** For tests: the keys (default: Entra's JWKS through its OpenID metadata, jose's remote key set). */
  keys?: JWTVerifyGetKey;
}

/** Entra's signing keys: metadata read once (with a timeout), then jose's remote set (timeout, cooldown, one fetch in flight). */
export function entraKeys(authorityHost: string, tenantId: string): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | null = null;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const metadataUrl = `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`;
    const response = await fetch(metadataUrl, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`Entra OpenID metadata answered ${response.status}`);
    const metadata = (await response.json()) as { jwks_uri?: string };
    if (!metadata.jwks_uri) throw new Error('Entra OpenID metadata without jwks_uri');
    return createRemoteJWKSet(new URL(metadata.jwks_uri), {
      timeoutDuration: FETCH_TIMEOUT_MS,
      cooldownDuration: COOLDOWN_MS,
      cacheMaxAge: KEYS_MAX_AGE_MS,
    });
  };
  return async (header, token) => {
    keySet ??= load().catch((error: unknown) => {
      keySet = null;
      throw error;
    });
    return (await keySet)(header, token);
  };
}

export class EntraTokenCheck {
  private readonly keys: JWTVerifyGetKey;
  private readonly clients: Set<string>;

  constructor(private readonly options: TokenCheckOptions) {
    this.keys = options.keys ?? entraKeys(options.authorityHost, options.tenantId);
    this.clients = new Set([...TEAMS_CLIENT_IDS, ...options.extraClientIds].map((id) => id.toLowerCase()));
  }

  /** Entra's token for our exposed API, of this tenant, for this person, asked for by a Teams client, still valid. */
  async verify(token: string, expectedOid: string): Promise<TokenCheck> {
    try {
      if (decodeProtectedHeader(token).alg !== 'RS256') return { ok: false, reason: 'not an RS256 token' };
    } catch {
      return { ok: false, reason: 'not a signed token' };
    }
    const { tenantId, authorityHost, appIdUri, clientId, clock } = this.options;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        audience: [appIdUri, clientId],
        issuer: [
          `${authorityHost}/${tenantId}/v2.0`,
          `https://login.microsoftonline.com/${tenantId}/v2.0`,
          `https://sts.windows.net/${tenantId}/`,
        ],
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: clock.now(),
      }));
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
    if (String(claims.tid ?? '').toLowerCase() !== tenantId.toLowerCase()) return { ok: false, reason: 'another tenant' };
    if (String(claims.oid ?? '').toLowerCase() !== expectedOid.toLowerCase()) return { ok: false, reason: 'another user than the clicker' };
    const client = String(claims.azp ?? claims.appid ?? '').toLowerCase();
    if (!this.clients.has(client)) return { ok: false, reason: 'asked for by a client that is not Teams' };
    const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
    if (!scopes.includes(SSO_SCOPE)) return { ok: false, reason: `no ${SSO_SCOPE} scope` };
    return { ok: true, claims };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown signing key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} refused (${error.reason})`;
  if (error instanceof errors.JWKSTimeout) return 'Entra signing keys did not answer in time';
  if (error instanceof errors.JOSEError) return error.code;
  return error instanceof Error ? error.message : 'invalid';
}
