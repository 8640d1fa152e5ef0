// The Request Service's callbacks for a Face Check, on any instance (everything is on the request row). Authenticated
// by the per-request key: the `api-key` header's SHA-256 must equal the row's, in constant time, before the body is even
// read; then `state` and the service's requestId must be this row's. A wrong or missing key is one answer (401) whatever
// was wrong. The result is decided (domain face-check.ts: our threshold, the target's credential) and stored with CAS.
import { timingSafeEqual } from 'node:crypto';
import { REQUEST_ID } from '../../domain/ids';
import type { FaceCheck, TapRequest } from '../../domain/request-types';
import type { UseCaseDeps } from '../kernel/deps';
import type { PresentationCallback, Versioned } from '../kernel/ports';
import { type AuditAction, auditRequest } from '../kernel/audit';
import { viewOf } from '../kernel/request-view';
import { hashKey, writeFaceCheck } from './face-check';

export type CallbackAnswer = 200 | 400 | 401;

const NO_HASH = hashKey('no key is stored for this request');

/** The row the callback is for, when its key is right; null otherwise (the caller answers 401). */
export async function authenticateCallback(
  deps: UseCaseDeps,
  requestId: string | null,
  apiKey: string | null,
): Promise<Versioned<TapRequest> | null> {
  const id = requestId && REQUEST_ID.test(requestId) ? requestId.toUpperCase() : null;
  const stored = id ? await deps.stores.requests.get(id).catch(() => null) : null;
  const expected = stored?.value.faceCheck?.ticket?.keyHash ?? NO_HASH;
  // Hashes of equal length compared in constant time: the answer does not depend on how much of the key was right.
  const given = Buffer.from(hashKey(apiKey ?? ''), 'hex');
  const match = timingSafeEqual(given, Buffer.from(expected.length === 64 ? expected : NO_HASH, 'hex'));
  return match && apiKey && stored?.value.faceCheck?.ticket ? stored : null;
}

function auditActionOf(check: FaceCheck): AuditAction {
  switch (check.state) {
    case 'asked':
      return 'identity.face-check-opened';
    case 'passed':
      return 'identity.face-check-passed';
    case 'below-threshold':
      return 'identity.face-check-below-threshold';
    case 'declined':
      return 'identity.face-check-declined';
    case 'failed':
      return check.code === 'below-threshold' ? 'identity.face-check-below-threshold' : 'identity.face-check-failed';
  }
}

async function targetUpnNow(deps: UseCaseDeps, request: TapRequest): Promise<string | null> {
  try {
    const facts = await deps.directory.decisionFacts({ targetId: request.target.id });
    return facts.target?.user.userPrincipalName ?? null;
  } catch (error) {
    deps.logger.warn({ err: error, requestId: request.id }, "the target's directory entry could not be read for a Face Check");
    return null;
  }
}

export async function receiveCallback(
  deps: UseCaseDeps,
  input: { requestId: string | null; apiKey: string | null; callback: PresentationCallback | null },
): Promise<CallbackAnswer> {
  const stored = await authenticateCallback(deps, input.requestId, input.apiKey);
  if (!stored) return 401;
  const ticket = stored.value.faceCheck?.ticket;
  if (!input.callback) return 400;
  // The key was this row's; the body must be about this row's request at the service too.
  if (input.callback.state.toUpperCase() !== stored.value.id || input.callback.serviceRequestId !== ticket?.serviceRequestId) return 401;
  const result = input.callback.result;
  if (!result) return 200;
  const targetUpn = result.kind === 'verified' ? await targetUpnNow(deps, stored.value) : stored.value.target.userPrincipalName;
  const written = await writeFaceCheck(deps, stored, {
    type: 'face-check-result',
    serviceRequestId: ticket.serviceRequestId,
    result,
    targetUpn,
  });
  if (!written.ok) {
    // Too late (decided, replaced or answered already): acknowledged so the service does not retry, and audited.
    await auditRequest(deps, written.current, 'identity.face-check-late', null, written.problem.code, {
      serviceRequestId: ticket.serviceRequestId,
      result: result.kind,
    });
    return 200;
  }
  const check = written.stored.value.faceCheck as FaceCheck;
  const score = 'matchConfidence' in check ? String(check.matchConfidence) : null;
  await auditRequest(deps, written.stored.value, auditActionOf(check), null, check.state, {
    serviceRequestId: ticket.serviceRequestId,
    threshold: String(check.threshold),
    matchConfidence: score,
    why: 'why' in check ? check.why : null,
  });
  await deps.notifier.requestChanged(viewOf(written.stored.value), 'face-check').catch(() => undefined);
  return 200;
}
