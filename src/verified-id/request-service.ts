// Microsoft Entra Verified ID's Request Service: createPresentationRequest for a VerifiedEmployee credential with a Face
// Check, with the app's own credential (client credentials, the service's resource `/.default`). Plain fetch, no retry:
// a lost create costs nothing (the service request just expires) and the approver may click again. Facts: README.md here.
import type { TokenCredential } from '@azure/identity';
import { type PresentationAsk, type PresentationCreated, VerifiedIdError, type VerifiedIdService } from '../app/kernel/ports';
import type { FaceCheckConfig } from '../config';
import { rolesOfToken } from '../graph/token-roles';
// The application permission createPresentationRequest needs (README.md §1).
import { PRESENT_REQUEST_PERMISSION } from '../domain/feature-capabilities';

/** The Request Service's application id: its token audience (README.md §1). */
export const VERIFIED_ID_RESOURCE = '3db474b9-6a0c-4840-96ac-1fceb342124f';
export const VERIFIED_ID_SCOPE = `${VERIFIED_ID_RESOURCE}/.default`;
const TIMEOUT_MS = 15_000;

interface ServiceError {
  error?: { code?: unknown; message?: unknown; innererror?: { code?: unknown; message?: unknown; target?: unknown } };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The body of createPresentationRequest (README.md §2): the target's VerifiedEmployee credential only, with a Face Check. */
export function presentationBody(config: FaceCheckConfig, ask: PresentationAsk): object {
  const purpose = 'Prove it is you before the help desk issues you a Temporary Access Pass';
  const callbackUrl = `${config.callbackUrl}?request=${encodeURIComponent(ask.requestId)}`;
  return {
    authority: config.authority,
    includeQRCode: false,
    includeReceipt: false,
    registration: { clientName: 'TAP Desk', purpose },
    callback: { url: callbackUrl, state: ask.requestId, headers: { 'api-key': ask.apiKey } },
    requestedCredentials: [
      {
        type: 'VerifiedEmployee',
        purpose,
        acceptedIssuers: config.acceptedIssuers,
        // Authenticator offers only a credential whose revocationId (its holder's UPN) is the target's; checked again on the callback.
        constraints: [{ claimName: 'revocationId', values: [ask.targetUpn] }],
        configuration: {
          validation: {
            allowRevoked: false,
            validateLinkedDomain: true,
            faceCheck: { sourcePhotoClaimName: 'photo', matchConfidenceThreshold: ask.threshold },
          },
        },
      },
    ],
  };
}

export class RequestService implements VerifiedIdService {
  constructor(
    private readonly credential: TokenCredential,
    private readonly config: FaceCheckConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async token(): Promise<string> {
    try {
      const token = await this.credential.getToken(VERIFIED_ID_SCOPE);
      if (token) return token.token;
    } catch (error) {
      throw new VerifiedIdError('not-permitted', 'token', `no Request Service token: ${(error as Error).message}`, { cause: error });
    }
    throw new VerifiedIdError('not-permitted', 'token', 'no Request Service token');
  }

  async status(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      const roles = rolesOfToken(await this.token());
      return roles.includes(PRESENT_REQUEST_PERMISSION)
        ? { ok: true }
        : { ok: false, reason: `the ${PRESENT_REQUEST_PERMISSION} application permission is not granted` };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async createPresentation(ask: PresentationAsk): Promise<PresentationCreated> {
    const token = await this.token();
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.config.endpoint}/createPresentationRequest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(presentationBody(this.config, ask)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new VerifiedIdError('unavailable', 'network', `the Request Service did not answer: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown> & ServiceError;
    if (response.status === 201 || response.status === 200) {
      const serviceRequestId = str(body.requestId);
      const url = str(body.url);
      const expiry = typeof body.expiry === 'number' ? body.expiry : null;
      if (!serviceRequestId || !url || expiry === null)
        throw new VerifiedIdError('unavailable', 'bad-answer', 'the Request Service answered without requestId, url or expiry');
      return { serviceRequestId, url, expiresAt: new Date(expiry * 1000).toISOString() };
    }
    // Error body (README.md §3): error.code follows the HTTP status; innererror says what was wrong.
    const inner = body.error?.innererror;
    const code = str(inner?.code) ?? str(body.error?.code) ?? String(response.status);
    const message = str(inner?.message) ?? str(body.error?.message) ?? `HTTP ${response.status}`;
    const kind =
      response.status === 401 || response.status === 403
        ? 'not-permitted'
        : response.status >= 400 && response.status < 500 && response.status !== 429
          ? 'refused'
          : 'unavailable';
    throw new VerifiedIdError(kind, code, message.slice(0, 300));
  }
}
