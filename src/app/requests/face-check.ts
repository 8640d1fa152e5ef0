// "Ask for a Face Check" on the approval card: only someone the live approval review lets act on the request may ask
// (the same review the card uses; card data decides nothing). A Verified ID presentation request is created for the
// target's VerifiedEmployee credential with a per-request callback key (stored only as its SHA-256), recorded with
// compare-and-swap, and the link goes to the target's 1:1 chat. The callback side is face-check-callback.ts.
import { createHash, randomBytes } from 'node:crypto';
import { decide } from '../../domain/request';
import type { FaceCheckCommand } from '../../domain/face-check';
import type { FaceCheckTicket, TapRequest } from '../../domain/request-types';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import { type Actor, actingPerson } from '../kernel/actor';
import { VerifiedIdError, type Versioned } from '../kernel/ports';
import { writeDecision, type WriteResult } from '../kernel/write';
import { auditRequest } from '../kernel/audit';
import { viewOf } from '../kernel/request-view';
import { type ReviewOutcome, reviewApproval } from './review';

export type FaceCheckAskOutcome =
  | { kind: 'not-found'; problem: Problem }
  /** Asked: the review as it now stands; sentToChat false when the target has no chat with TAP Desk. */
  | { kind: 'asked'; review: ReviewOutcome; sentToChat: boolean }
  /** Nothing was asked; the review (null when there was none to show) and why. */
  | { kind: 'refused'; review: ReviewOutcome | null; problem: Problem };

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** decide() + compare-and-swap, decided again on what is stored after a lost race (another instance, a card update). */
export async function writeFaceCheck(deps: UseCaseDeps, from: Versioned<TapRequest>, command: FaceCheckCommand): Promise<WriteResult> {
  let current: Versioned<TapRequest> | null = from;
  let written = await writeDecision(deps, current, command);
  for (let attempt = 0; attempt < 3 && !written.ok && written.lostRace; attempt += 1) {
    current = await deps.stores.requests.get(from.value.id);
    if (!current) break;
    written = await writeDecision(deps, current, command);
  }
  return written;
}

export async function askFaceCheck(deps: UseCaseDeps, actor: Actor, requestId: string): Promise<FaceCheckAskOutcome> {
  const service = deps.verifiedId;
  const settings = deps.config.faceCheck;
  if (!service || !settings) return { kind: 'refused', review: null, problem: problem('face-check.not-configured') };
  const review = await reviewApproval(deps, { requestId, actorId: actor.id });
  if (review.kind === 'not-found') return { kind: 'not-found', problem: review.problem };
  if (review.kind === 'closed')
    return { kind: 'refused', review, problem: { code: 'request.not-pending', params: { status: review.request.status } } };
  // Only someone who could approve it now may ask: a Face Check sends the target a link in TAP Desk's name.
  if (!review.actionable || !review.facts)
    return {
      kind: 'refused',
      review,
      problem: review.problems[0] ?? { code: 'request.not-pending', params: { status: review.request.status } },
    };
  const stored = await deps.stores.requests.get(requestId);
  if (!stored) return { kind: 'not-found', problem: problem('request.not-found', { id: requestId }) };
  const by = actingPerson(stored.value, actor);
  const threshold = settings.threshold;
  // Refused by the rules (e.g. it passed already)? Then no service request is made at all.
  const dry = decide(
    stored.value,
    { type: 'face-check-asked', by, threshold, ticket: { serviceRequestId: '-', keyHash: '-', expiresAt: '-' } },
    deps.clock.now(),
  );
  if (!dry.ok) return { kind: 'refused', review, problem: dry.error };

  const key = randomBytes(32).toString('base64url');
  let ticket: FaceCheckTicket;
  let link: string;
  try {
    const created = await service.createPresentation({ requestId, apiKey: key, targetUpn: review.facts.user.userPrincipalName, threshold });
    ticket = { serviceRequestId: created.serviceRequestId, keyHash: hashKey(key), expiresAt: created.expiresAt };
    link = created.url;
  } catch (error) {
    const code = error instanceof VerifiedIdError && error.kind === 'not-permitted' ? 'face-check.not-permitted' : 'face-check.unavailable';
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'no answer';
    deps.logger.warn({ err: error, requestId }, 'Verified ID did not create the Face Check');
    await auditRequest(deps, stored.value, 'identity.face-check-refused', by, code, { reason });
    return { kind: 'refused', review, problem: problem(code, { reason }) };
  }
  const written = await writeFaceCheck(deps, stored, { type: 'face-check-asked', by, threshold, ticket });
  if (!written.ok) {
    // The service's request is left to expire: its callbacks carry a key no row holds, and are refused.
    await auditRequest(deps, written.current, 'identity.face-check-refused', by, written.problem.code);
    return { kind: 'refused', review: { ...review, request: viewOf(written.current) }, problem: written.problem };
  }
  let latest = written.stored;
  const sentToChat = (await deps.notifier.askFaceCheck?.(latest.value, link).catch(() => false)) ?? false;
  await auditRequest(deps, latest.value, 'identity.face-check-asked', by, sentToChat ? 'ok' : 'unreachable', {
    serviceRequestId: ticket.serviceRequestId,
    threshold: String(threshold),
  });
  if (!sentToChat) {
    const unsent = await writeFaceCheck(deps, latest, { type: 'face-check-unsent', serviceRequestId: ticket.serviceRequestId });
    if (unsent.ok) latest = unsent.stored;
  }
  await deps.notifier.requestChanged(viewOf(latest.value), 'face-check').catch(() => undefined);
  return { kind: 'asked', review: { ...review, request: viewOf(latest.value) }, sentToChat };
}
