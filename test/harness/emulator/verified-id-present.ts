// POST /_emulator/verified-id/present: a person presents (or refuses) a stored presentation request in Authenticator, and
// the emulated Request Service calls the request's callback URL with its stored headers (the api-key) as the service does:
//   {requestId | state, as?: "<user id or UPN>", matchConfidence?: 0..100, decline?: true, open?: false, skipConstraints?: true}
// (`state`: the newest request made with that callback state, e.g. TAP Desk's "TAP-0001".)
// `as` defaults to the person the request's revocationId constraint names. First `request_retrieved` (unless open: false),
// then `presentation_verified` (score ≥ threshold), `presentation_error` claimValidationError without the score (below the
// threshold, as documented), or a `presentation_error` for a refusal (not documented: see src/verified-id/README.md §4).
// skipConstraints is fault injection: a service that let the wallet present a credential the constraints exclude.
import { isObject } from './json';
import { type Tenant } from './tenant';
import { type StoredPresentation, type VerifiedIdService } from './verified-id';

export interface PresentAnswer {
  status: number;
  body: unknown;
}

/** A 1x1 JPEG would do; the claim is UrlEncode(Base64(JPEG)) in the service's callbacks. */
const PHOTO = Buffer.from('emulated photo of the credential holder').toString('base64url');

function holds(tenant: Tenant, user: { id: string; userPrincipalName: string; userType?: unknown }): boolean {
  const seed = tenant.verifiedId;
  if (!seed) return false;
  if (seed.holders === null) return user.userType !== 'Guest';
  return seed.holders.includes(user.id.toLowerCase()) || seed.holders.includes(user.userPrincipalName.toLowerCase());
}

async function post(presentation: StoredPresentation, body: object): Promise<number> {
  try {
    const response = await fetch(presentation.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...presentation.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  } catch {
    return 0;
  }
}

function fail(status: number, message: string): PresentAnswer {
  return { status, body: { error: { code: status === 404 ? 'NotFound' : 'BadRequest', message } } };
}

export async function present(tenant: Tenant, service: VerifiedIdService, raw: string, now: Date): Promise<PresentAnswer> {
  let input: unknown;
  try {
    input = JSON.parse(raw || '{}');
  } catch {
    return fail(400, 'the body is not JSON');
  }
  if (!isObject(input) || (typeof input.requestId !== 'string' && typeof input.state !== 'string'))
    return fail(400, 'present needs {requestId | state, as?, matchConfidence? | decline?}');
  // By the service's id, or (handy in the demo) the caller's state: the newest request made with it, e.g. "TAP-0001".
  const id =
    typeof input.requestId === 'string'
      ? input.requestId
      : service
          .list()
          .filter((p) => p.state.toLowerCase() === String(input.state).toLowerCase())
          .at(-1)?.requestId;
  const presentation = id ? service.presentation(id) : undefined;
  if (!presentation) return fail(404, `no presentation request ${String(input.requestId ?? input.state)}`);
  if (presentation.used) return fail(409, 'this presentation request was already presented');
  if (presentation.expiresAt * 1000 < now.getTime()) return fail(410, 'this presentation request has expired');
  const who = typeof input.as === 'string' ? input.as : (presentation.revocationIds?.[0] ?? '');
  const user = tenant.user(who);
  if (!user) return fail(404, `no user ${who}`);
  if (!holds(tenant, user)) return fail(409, `${user.userPrincipalName} holds no VerifiedEmployee credential`);
  const upn = user.userPrincipalName;
  if (presentation.revocationIds && !presentation.revocationIds.includes(upn.toLowerCase()) && input.skipConstraints !== true)
    return fail(
      409,
      `Authenticator offers no credential of ${upn}: the request's constraints ask for ${presentation.revocationIds.join(', ')}`,
    );
  const score = input.matchConfidence;
  if (input.decline !== true && (typeof score !== 'number' || score < 0 || score > 100))
    return fail(400, 'give matchConfidence (0..100) or decline: true');
  presentation.used = true;
  const base = { requestId: presentation.requestId, state: presentation.state };
  const callbacks: Array<{ requestStatus: string; status: number }> = [];
  const send = async (requestStatus: string, extra: object = {}) =>
    callbacks.push({ requestStatus, status: await post(presentation, { ...base, requestStatus, ...extra }) });
  if (input.open !== false) await send('request_retrieved');
  if (input.decline === true) {
    await send('presentation_error', { error: { code: 'userCanceled', message: 'The user declined the presentation request.' } });
  } else if (presentation.threshold !== null && (score as number) < presentation.threshold) {
    // Documented: below the threshold the presentation fails and the score is not returned.
    await send('presentation_error', {
      error: { code: 'claimValidationError', message: 'Match confidence score failing to meet the threshold.' },
    });
  } else {
    await send('presentation_verified', {
      subject: `did:ion:emulated-${user.id}`,
      verifiedCredentialsData: [
        {
          issuer: presentation.authority,
          type: ['VerifiableCredential', presentation.type],
          claims: {
            revocationId: upn,
            displayName: user.displayName,
            givenName: user.givenName ?? null,
            surname: user.surname ?? null,
            mail: user.mail ?? null,
            jobTitle: user.jobTitle ?? null,
            photo: PHOTO,
          },
          credentialState: { revocationStatus: 'VALID' },
          domainValidation: { url: `https://${tenant.domains[0] ?? 'example.com'}/` },
          issuanceDate: new Date(now.getTime() - 86_400_000).toISOString(),
          expirationDate: new Date(now.getTime() + 180 * 86_400_000).toISOString(),
          ...(presentation.threshold !== null ? { faceCheck: { matchConfidenceScore: score, sourcePhotoQuality: 'HIGH' } } : {}),
        },
      ],
    });
  }
  return { status: 200, body: { requestId: presentation.requestId, callbacks } };
}
