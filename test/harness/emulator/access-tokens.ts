// The tenant's token signing key and the access tokens it signs: RS256 JWTs shaped like Entra's
// app-only v1.0 tokens for Microsoft Graph (aud, tid, appid, roles = granted application permissions).
import { type KeyObject, createHash, generateKeyPair, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Microsoft Graph's application id: a token audience and a scope resource Entra also accepts. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  app_displayname: string;
  roles: string[];
  oid: string;
  sub: string;
  /** 'app' for client-credential tokens; 'user' for delegated (on-behalf-of) ones, see on-behalf-of.ts. */
  idtyp: 'app' | 'user';
  /** Delegated tokens only: the granted scopes, space-separated (their `roles` is empty). */
  scp?: string;
  exp: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; message: string };

/** A stable object id for an application's service principal in this tenant (ids are per tenant in Entra). */
export function servicePrincipalId(tenantId: string, appId: string): string {
  const hex = createHash('sha256').update(`${tenantId.toLowerCase()}|${appId.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class SigningKey {
  readonly kid = randomUUID();

  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static async create(): Promise<SigningKey> {
    const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    return new SigningKey(privateKey, publicKey);
  }

  jwk(): object {
    const { n, e } = this.publicKey.export({ format: 'jwk' });
    return { kty: 'RSA', use: 'sig', kid: this.kid, n, e };
  }

  /** Any other token this tenant issues (SSO user tokens, delegated Graph tokens): the payload as given, `exp` included. */
  signPayload(payload: object): string {
    return jwt.sign(payload, this.privateKey, { algorithm: 'RS256', keyid: this.kid });
  }

  sign(claims: Omit<TokenClaims, 'exp' | 'iss'>, issuer: string): string {
    return jwt.sign({ ...claims, idp: issuer, ver: '1.0', uti: randomUUID().replace(/-/g, ''), appidacr: '1' }, this.privateKey, {
      algorithm: 'RS256',
      keyid: this.kid,
      issuer,
      expiresIn: TOKEN_LIFETIME_SECONDS,
      notBefore: 0,
    });
  }
}

/** Graph's checks on a bearer token, with its 401 messages; only tokens this tenant issued pass. */
export function checkBearer(authorization: string | undefined, key: SigningKey, tenantId: string, now: Date): TokenCheck {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return { ok: false, message: 'Access token is empty.' };
  let claims: TokenClaims;
  try {
    claims = jwt.verify(token, key.publicKey, { algorithms: ['RS256'], clockTimestamp: Math.floor(now.getTime() / 1000) }) as TokenClaims;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    return { ok: false, message: 'Access token validation failure. Invalid signature.' };
  }
  if (claims.aud !== GRAPH_RESOURCE && claims.aud !== GRAPH_APP_ID)
    return { ok: false, message: 'Access token validation failure. Invalid audience.' };
  if (String(claims.tid).toLowerCase() !== tenantId.toLowerCase())
    return { ok: false, message: 'Access token validation failure. Invalid issuer.' };
  // Delegated tokens carry no `roles`: their permissions are `scp` (delegated-graph.ts reads them).
  return { ok: true, claims: { ...claims, roles: Array.isArray(claims.roles) ? claims.roles : [] } };
}
