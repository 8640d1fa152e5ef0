// Entra's side of the emulator: OpenID metadata, keys, and client-credential tokens for the seed's
// applications, with their granted application permissions in the `roles` claim.
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Seed } from './seed';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

export interface TokenClaims {
  appid: string;
  tid: string;
  roles: string[];
}

/** The OAuth error shape of the token endpoint (not Graph's): AADSTS codes in error_description. */
function stsError(status: number, error: string, code: number, description: string) {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export class Entra {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid = randomUUID();

  constructor(
    private readonly seed: Seed,
    private readonly baseUrl: () => string,
  ) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** The tenant in a path segment may be its id or any of its domains. */
  knowsTenant(segment: string): boolean {
    const s = segment.toLowerCase();
    return s === this.seed.tenant.id.toLowerCase() || this.seed.tenant.domains.some((d) => d.toLowerCase() === s) || s === 'organizations';
  }

  private issuer(): string {
    return `${this.baseUrl()}/${this.seed.tenant.id}/v2.0`;
  }

  openIdConfiguration(): object {
    const tenant = `${this.baseUrl()}/${this.seed.tenant.id}`;
    return {
      token_endpoint: `${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.issuer(),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.baseUrl()}/oidc/userinfo`,
      authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'roles', 'appid'],
      kerberos_endpoint: `${tenant}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }

  keys(): object {
    const jwk = this.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e }] };
  }

  /** POST /{tenant}/oauth2/v2.0/token with a client-credentials form. */
  token(form: URLSearchParams): { status: number; body: object } {
    if (form.get('grant_type') !== 'client_credentials') return stsError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const app = this.seed.applications.find((a) => a.appId.toLowerCase() === String(form.get('client_id') ?? '').toLowerCase());
    if (!app) {
      return stsError(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${this.seed.tenant.displayName}'.`);
    }
    if (form.get('client_secret') !== app.clientSecret) {
      return stsError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
    }
    const scope = String(form.get('scope') ?? '');
    if (!scope.endsWith('/.default')) return stsError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid.`);
    const claims: TokenClaims = { appid: app.appId, tid: this.seed.tenant.id, roles: [...app.grantedApplicationPermissions] };
    const access_token = jwt.sign(claims, this.privateKey, { algorithm: 'RS256', keyid: this.kid, issuer: `https://sts.windows.net/${this.seed.tenant.id}/`, audience: GRAPH_AUDIENCE, expiresIn: 3600 });
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token } };
  }

  /** The claims of a bearer token this emulator issued, or null. */
  verify(authorization: string | undefined): TokenClaims | null {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return null;
    try {
      return jwt.verify(token, this.publicKey, { algorithms: ['RS256'], audience: GRAPH_AUDIENCE }) as TokenClaims;
    } catch {
      return null;
    }
  }
}
