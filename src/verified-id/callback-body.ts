// One callback of the Request Service, read from its JSON (README.md §4) into the few fields TAP Desk uses. Anything
// else in it (claims, the photo, receipt) is dropped here and never stored or logged.
import type { PresentationCallback } from '../app/kernel/ports';

const MAX_TEXT = 300;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 1000 ? value : null;
}

/** The callback, or null when its shape is not the service's (the route answers 400). */
export function readCallback(body: unknown): PresentationCallback | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  const serviceRequestId = text(b.requestId);
  const state = text(b.state);
  const status = text(b.requestStatus);
  if (!serviceRequestId || !state || !status) return null;
  switch (status) {
    case 'request_retrieved':
      return { serviceRequestId, state, result: { kind: 'opened' } };
    case 'presentation_verified': {
      const credentials = Array.isArray(b.verifiedCredentialsData) ? (b.verifiedCredentialsData as unknown[]) : [];
      // We ask for one credential; the one of type VerifiedEmployee is it.
      const vc = credentials.find(
        (c): c is Record<string, unknown> =>
          Boolean(c) &&
          typeof c === 'object' &&
          Array.isArray((c as { type?: unknown }).type) &&
          (c as { type: unknown[] }).type.includes('VerifiedEmployee'),
      );
      const claims = vc && typeof vc.claims === 'object' && vc.claims ? (vc.claims as Record<string, unknown>) : {};
      const faceCheck = vc && typeof vc.faceCheck === 'object' && vc.faceCheck ? (vc.faceCheck as Record<string, unknown>) : {};
      const score = typeof faceCheck.matchConfidenceScore === 'number' ? faceCheck.matchConfidenceScore : null;
      return { serviceRequestId, state, result: { kind: 'verified', matchConfidence: score, credentialUpn: text(claims.revocationId) } };
    }
    case 'presentation_error': {
      const error = b.error && typeof b.error === 'object' ? (b.error as Record<string, unknown>) : {};
      const code = (text(error.code) ?? 'presentation_error').slice(0, 60);
      const message = (text(error.message) ?? '').slice(0, MAX_TEXT);
      return { serviceRequestId, state, result: { kind: 'error', code, message } };
    }
    default:
      // A status TAP Desk does not act on (the service may add some): authenticated and acknowledged, nothing changes.
      return { serviceRequestId, state, result: null };
  }
}
