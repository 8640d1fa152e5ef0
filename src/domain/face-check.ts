// A Verified ID Face Check of the target, asked by an approver: pure rules. What a callback from the Request Service
// means (threshold, whose credential), and the transitions of `faceCheck` on a pending request. decide() calls these.
// Facts relied on (Microsoft Learn, entra-docs):
// - matchConfidenceThreshold is an integer 50..100, default 70; the score comes back as
//   verifiedCredentialsData[].faceCheck.matchConfidenceScore, e.g. 86.314159
//   (https://learn.microsoft.com/entra/verified-id/presentation-request-api, .../using-facecheck).
// - Below the threshold the service fails the presentation (`presentation_error`, claimValidationError "Match confidence
//   score failing to meet the threshold.") and does NOT return the score (.../using-facecheck): so "below threshold" is
//   known either from that error (no score) or from a score we check ourselves (defence in depth).
// - A VerifiedEmployee credential's `revocationId` claim is the holder's userPrincipalName
//   (https://learn.microsoft.com/entra/verified-id/how-to-use-quickstart-verifiedemployee): it says whose credential it is.
import type { FaceCheck, FaceCheckTicket, PendingRequest, PersonRef, TapRequest } from './request-types';
import { type Result, fail, ok } from './errors';

export const FACE_CHECK_THRESHOLD = { min: 50, max: 100, default: 70 } as const;

/** What one callback of the Request Service said, as the adapter read it (never trusted beyond these fields). */
export type FaceCheckResult =
  /** `request_retrieved`: the person opened the request in Authenticator. */
  | { kind: 'opened' }
  /** `presentation_verified`: the score (null when absent) and the credential's revocationId (its holder's UPN). */
  | { kind: 'verified'; matchConfidence: number | null; credentialUpn: string | null }
  /** `presentation_error`, with the service's error code and message. */
  | { kind: 'error'; code: string; message: string };

export type FaceCheckCommand =
  | { type: 'face-check-asked'; by: PersonRef; threshold: number; ticket: FaceCheckTicket }
  /** The link could not be put in the target's 1:1 chat (no chat with TAP Desk yet). */
  | { type: 'face-check-unsent'; serviceRequestId: string }
  /** targetUpn: the target's UPN in the directory now (null: unreadable, so no credential can be shown to be theirs). */
  | { type: 'face-check-result'; serviceRequestId: string; result: FaceCheckResult; targetUpn: string | null };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const WHY_MAX = 200;

export function isThreshold(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= FACE_CHECK_THRESHOLD.min && (value as number) <= FACE_CHECK_THRESHOLD.max;
}

/** Only `passed` counts as evidence; everything else is shown and counts for nothing. */
export function faceCheckCounts(check: FaceCheck | undefined): boolean {
  return check?.state === 'passed';
}

/** What every answered check keeps from the ask: who asked, when, the threshold, and the ticket (the key's hash). */
function answered(asked: Extract<FaceCheck, { state: 'asked' }>, at: string) {
  return {
    askedBy: asked.askedBy,
    askedAt: asked.askedAt,
    threshold: asked.threshold,
    at,
    ...(asked.ticket ? { ticket: asked.ticket } : {}),
  };
}

/** What the service's error means for the person: a refusal of theirs, a face below the threshold, or a failure. */
function fromError(asked: Extract<FaceCheck, { state: 'asked' }>, code: string, message: string, at: string): FaceCheck {
  const base = answered(asked, at);
  const said = `${code} ${message}`;
  if (/confidence score.*threshold/i.test(message) || (code === 'claimValidationError' && /threshold/i.test(message)))
    return {
      ...base,
      state: 'failed',
      code: 'below-threshold',
      why: 'the face did not match the photo at the threshold (Verified ID does not report the score)',
    };
  // Not documented: how a refusal in Authenticator reaches the verifier. Any code or message naming a cancel or decline is one.
  if (/cancel|declin|reject/i.test(said))
    return { ...base, state: 'declined', why: message.slice(0, WHY_MAX) || 'declined in Authenticator' };
  return { ...base, state: 'failed', code: code.slice(0, 60), why: (message || code || 'Verified ID reported an error').slice(0, WHY_MAX) };
}

/**
 * The Face Check after one callback. A verified presentation counts only when the credential is the target's (its
 * revocationId is their UPN in the directory now) AND the score is at or above our threshold, whatever the service decided.
 */
export function faceCheckAfter(
  asked: Extract<FaceCheck, { state: 'asked' }>,
  result: FaceCheckResult,
  targetUpn: string | null,
  at: string,
): FaceCheck {
  const base = answered(asked, at);
  switch (result.kind) {
    case 'opened':
      return { ...asked, openedAt: at };
    case 'error':
      return fromError(asked, result.code, result.message, at);
    case 'verified': {
      if (targetUpn === null)
        return { ...base, state: 'failed', code: 'unreadable', why: 'the directory could not be read to tell whose credential it was' };
      if (result.credentialUpn === null || !same(result.credentialUpn, targetUpn))
        return { ...base, state: 'failed', code: 'not-target', why: `the credential presented is not ${targetUpn}'s` };
      const score = result.matchConfidence;
      if (score === null || !Number.isFinite(score) || score < 0 || score > 100)
        return { ...base, state: 'failed', code: 'no-score', why: 'Verified ID reported no match confidence' };
      return { ...base, state: score >= asked.threshold ? 'passed' : 'below-threshold', matchConfidence: score };
    }
  }
}

/** The Face Check transitions of a pending request (LEGAL_FROM in request.ts keeps them to `pending`). */
export function decideFaceCheck(request: PendingRequest, command: FaceCheckCommand, now: Date): Result<TapRequest> {
  const at = now.toISOString();
  const current = request.faceCheck;
  switch (command.type) {
    case 'face-check-asked':
      // A passed check is evidence already; asking again could only replace it with something weaker.
      if (current?.state === 'passed') return fail('face-check.already-passed');
      if (!isThreshold(command.threshold)) return fail('request.invalid', { field: 'threshold' });
      return ok({
        ...request,
        faceCheck: { state: 'asked', askedBy: command.by, askedAt: at, threshold: command.threshold, ticket: command.ticket },
      });
    case 'face-check-unsent':
      if (current?.state !== 'asked' || current.ticket?.serviceRequestId !== command.serviceRequestId) return fail('face-check.not-asked');
      return ok({ ...request, faceCheck: { ...current, sentToChat: false } });
    case 'face-check-result': {
      if (!current || current.ticket?.serviceRequestId !== command.serviceRequestId) return fail('face-check.not-asked');
      if (current.state !== 'asked') return fail('face-check.already-answered', { state: current.state });
      return ok({ ...request, faceCheck: faceCheckAfter(current, command.result, command.targetUpn, at) });
    }
  }
}
