// Microsoft Entra Verified ID's Request Service, as far as TAP Desk uses it: POST createPresentationRequest (served at
// /verifiedid/v1.0/verifiableCredentials/…, standing for https://verifiedid.did.msidentity.com/v1.0/verifiableCredentials),
// with its token checks and documented error body, and the presentation requests it holds for the control endpoint
// (verified-id-present.ts) to play the person in Authenticator. Sources: src/verified-id/README.md (Microsoft Learn).
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { type SigningKey } from './access-tokens';
import { isObject, type JsonObject } from './json';
import { type Tenant } from './tenant';

/** The Request Service's application id: the token audience and the client-credentials scope resource. */
export const VERIFIED_ID_RESOURCE = '3db474b9-6a0c-4840-96ac-1fceb342124f';
export const PRESENT_REQUEST_PERMISSION = 'VerifiableCredential.Create.PresentRequest';
/** Not documented; the samples' requests last about five minutes. */
export const PRESENTATION_LIFETIME_SECONDS = 300;

export interface StoredPresentation {
  requestId: string;
  tenantId: string;
  authority: string;
  callbackUrl: string;
  state: string;
  headers: Record<string, string>;
  type: string;
  acceptedIssuers: string[];
  /** revocationId values the wallet may offer (from constraints), lower-cased; null: any. */
  revocationIds: string[] | null;
  threshold: number | null;
  expiresAt: number;
  used: boolean;
}

export interface ServiceAnswer {
  status: number;
  body: unknown;
}

const MESSAGES: Record<number, [string, string]> = {
  400: ['badRequest', 'The request is invalid.'],
  401: ['unauthorized', 'The requested resource requires authentication'],
  403: ['forbidden', 'Missing permissions to fulfill this request.'],
  404: ['notFound', "The requested resource doesn't exist."],
  405: ['methodNotAllowed', "The requested method isn't allowed on the requested resource."],
};

/** The documented error body: outer code from the status, inner code and message saying what was wrong. */
export function serviceError(status: number, innerCode: string, message: string, target?: string): ServiceAnswer {
  const [code, outer] = MESSAGES[status] ?? ['internalServerError', 'A generic error has occurred on the server.'];
  return {
    status,
    body: {
      requestId: randomUUID(),
      date: new Date().toUTCString(),
      mscv: randomUUID().slice(0, 16),
      error: { code, message: outer, innererror: { code: innerCode, message, ...(target ? { target } : {}) } },
    },
  };
}

const bad = (message: string, target: string) => serviceError(400, 'badOrMissingField', message, target);

export class VerifiedIdService {
  private readonly requests = new Map<string, StoredPresentation>();

  constructor(
    private readonly tenant: Tenant,
    private readonly key: SigningKey,
    private readonly baseUrl: () => string,
  ) {}

  presentation(requestId: string): StoredPresentation | undefined {
    return this.requests.get(requestId);
  }

  /** The presentation requests made so far, as the service holds them (for tests that play the person or the service). */
  list(): Array<{ requestId: string; state: string; callbackUrl: string; headers: Record<string, string> }> {
    return [...this.requests.values()].map((p) => ({
      requestId: p.requestId,
      state: p.state,
      callbackUrl: p.callbackUrl,
      headers: { ...p.headers },
    }));
  }

  /** The answer for /verifiedid/… paths, or null for any other path. */
  handle(
    method: string,
    segments: readonly string[],
    headers: Readonly<Record<string, string>>,
    raw: string,
    now: Date,
  ): ServiceAnswer | null {
    if (segments[0] !== 'verifiedid') return null;
    const rest = segments.slice(1).join('/').toLowerCase();
    if (!this.tenant.verifiedId) return serviceError(404, 'notFound', 'Verified ID is not set up in this tenant.');
    if (rest !== 'v1.0/verifiablecredentials/createpresentationrequest')
      return serviceError(404, 'notFound', `Nothing is served at /${segments.slice(1).join('/')}.`);
    if (method !== 'POST') return serviceError(405, 'badOrMissingField', 'Only POST is allowed.');
    const auth = this.authenticate(headers.authorization, now);
    if (auth) return auth;
    if (!/^application\/json/i.test(headers['content-type'] ?? '')) return bad('The request must be application/json.', 'Content-Type');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return bad('The request body is not valid JSON.', 'body');
    }
    return this.create(body, now);
  }

  private authenticate(authorization: string | undefined, now: Date): ServiceAnswer | null {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return serviceError(401, 'tokenError', 'The access token is missing.', 'Authorization');
    let claims: { aud?: unknown; tid?: unknown; roles?: unknown };
    try {
      claims = jwt.verify(token, this.key.publicKey, {
        algorithms: ['RS256'],
        clockTimestamp: Math.floor(now.getTime() / 1000),
      }) as typeof claims;
    } catch {
      return serviceError(401, 'tokenError', 'The access token is invalid or expired.', 'Authorization');
    }
    if (claims.aud !== VERIFIED_ID_RESOURCE)
      return serviceError(401, 'tokenError', 'The access token has the wrong audience.', 'Authorization');
    if (String(claims.tid).toLowerCase() !== this.tenant.id.toLowerCase())
      return serviceError(401, 'tokenError', 'The access token is for another tenant.', 'Authorization');
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    if (!roles.includes(PRESENT_REQUEST_PERMISSION))
      return serviceError(403, 'tokenError', `The access token does not carry the ${PRESENT_REQUEST_PERMISSION} permission.`);
    return null;
  }

  private create(body: unknown, now: Date): ServiceAnswer {
    if (!isObject(body)) return bad('The request body must be a JSON object.', 'body');
    const seed = this.tenant.verifiedId as NonNullable<Tenant['verifiedId']>;
    if (body.authority !== seed.authority) return bad(`The authority must be this tenant's DID (${seed.authority}).`, 'authority');
    const callback = body.callback;
    if (!isObject(callback)) return bad('The request must contain a callback.', 'callback');
    let callbackUrl: URL;
    try {
      callbackUrl = new URL(String(callback.url));
    } catch {
      return bad('The callback url is not a valid URL.', 'callback.url');
    }
    if (typeof callback.state !== 'string' || !callback.state) return bad('The callback must contain a state.', 'callback.state');
    const headers: Record<string, string> = {};
    if (callback.headers !== undefined) {
      if (!isObject(callback.headers)) return bad('The callback headers must be an object.', 'callback.headers');
      for (const [name, value] of Object.entries(callback.headers)) {
        // Documented: only api-key and Authorization; any other header is an invalid callback header.
        if (!['api-key', 'authorization'].includes(name.toLowerCase()) || typeof value !== 'string')
          return bad(`Invalid callback header '${name}'.`, 'callback.headers');
        headers[name] = value;
      }
    }
    const credentials = body.requestedCredentials;
    if (!Array.isArray(credentials) || credentials.length === 0 || !isObject(credentials[0]))
      return bad('The request must contain requestedCredentials.', 'requestedCredentials');
    const first = credentials[0] as JsonObject;
    if (typeof first.type !== 'string' || !first.type)
      return bad('The requested credential must have a type.', 'requestedCredentials[0].type');
    const validation = isObject(first.configuration) && isObject(first.configuration.validation) ? first.configuration.validation : {};
    let threshold: number | null = null;
    if (validation.faceCheck !== undefined) {
      const faceCheck = validation.faceCheck;
      if (!isObject(faceCheck) || typeof faceCheck.sourcePhotoClaimName !== 'string' || !faceCheck.sourcePhotoClaimName)
        return bad('faceCheck must name the sourcePhotoClaimName.', 'requestedCredentials[0].configuration.validation.faceCheck');
      const t = faceCheck.matchConfidenceThreshold ?? 70;
      if (!Number.isInteger(t) || (t as number) < 50 || (t as number) > 100)
        return bad(
          'matchConfidenceThreshold must be an integer between 50 and 100.',
          'requestedCredentials[0].configuration.validation.faceCheck',
        );
      threshold = t as number;
    }
    const constraint = Array.isArray(first.constraints)
      ? (first.constraints as unknown[]).find((c) => isObject(c) && c.claimName === 'revocationId' && Array.isArray(c.values))
      : undefined;
    const revocationIds = constraint && isObject(constraint) ? (constraint.values as unknown[]).map((v) => String(v).toLowerCase()) : null;
    const requestId = randomUUID();
    const expiry = Math.floor(now.getTime() / 1000) + PRESENTATION_LIFETIME_SECONDS;
    this.requests.set(requestId, {
      requestId,
      tenantId: this.tenant.id,
      authority: seed.authority,
      callbackUrl: callbackUrl.toString(),
      state: callback.state,
      headers,
      type: first.type,
      acceptedIssuers: Array.isArray(first.acceptedIssuers) ? (first.acceptedIssuers as unknown[]).map(String) : [],
      revocationIds,
      threshold,
      expiresAt: expiry,
      used: false,
    });
    const requestUri = `${this.baseUrl()}/verifiedid/v1.0/${this.tenant.id}/verifiableCredentials/presentationRequests/${requestId}`;
    return { status: 201, body: { requestId, url: `openid-vc://?request_uri=${requestUri}`, expiry } };
  }
}
