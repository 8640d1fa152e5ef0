// Creating the pass for a request already claimed (status `issuing`) by a compare-and-swap.
// The pass value exists only in the returned CreatedPass; what is stored is its metadata.
import type { IssuingRequest, PersonRef, TapRequest, UnknownRequest } from '../../domain/request-types';
import { type RequestView, viewOf } from '../kernel/request-view';
import { type ApproverWriter, type CreatedPass, DirectoryError, type PassWriter, type Versioned } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import { toProblem } from '../kernel/shared';
import { writeDecision } from '../kernel/write';
import { auditRequest } from '../kernel/audit';
import { isApproverRefusal, refusedByEntra } from './entra-refusal';

/** An `issuing` request older than this lost its process mid-create (Graph's create times out well before). */
export const STUCK_ISSUING_MS = 60_000;

/** A create whose outcome is not known: answered ambiguously, or its process died mid-create. settle() reads Graph for it. */
export function isUnsettled(request: TapRequest, now: number): request is UnknownRequest | IssuingRequest {
  return request.status === 'unknown' || (request.status === 'issuing' && now - Date.parse(request.issuingSince) > STUCK_ISSUING_MS);
}

export type IssueOutcome =
  | { kind: 'issued'; request: RequestView; pass: CreatedPass }
  | { kind: 'failed'; request: RequestView; problem: Problem }
  /** Delegated issuance: Entra refused the approver; the request is pending again. */
  | { kind: 'refused'; request: RequestView; problem: Problem };

/**
 * Runs `task` on the next turn of the event loop: issuePass starts the create synchronously, and the
 * Graph client carries it to the socket in promise continuations, which all run before this. The
 * bookkeeping beside the create (audit, card look-up: storage calls with CPU-heavy SDK pipelines)
 * then does not delay the request the approver is waiting on.
 */
export function afterCreateStarts<T>(task: () => Promise<T>): Promise<T> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(task);
}

/** How far Graph's createdDateTime may sit before our issuingSince and still be "our" pass. */
const CLOCK_SKEW_MS = 120_000;

/**
 * Bookkeeping the caller needs done before the pass is shown (the message it will be shown on, so the
 * hand-over can close it). It runs beside the create, once the claim has made this clicker the one the
 * pass is for, and the answer waits for it. It never fails the pass: the pass exists by then, and a lost
 * answer would cost a new one, so a failure is logged and the pass still goes.
 */
export type BeforeShown = () => Promise<void>;

export interface IssueOptions {
  /**
   * The approval's audit append, running beside the create. A pass whose approval could not be audited is
   * treated like one that could not be recorded: deleted, and the request fails.
   */
  audited?: Promise<void>;
  /** Delegated issuance: the approver's own Graph writes; otherwise the app's. */
  asApprover?: ApproverWriter | null;
  beforeShown?: BeforeShown;
}

export async function issuePass(
  deps: UseCaseDeps,
  claimed: Versioned<IssuingRequest>,
  shownTo: PersonRef,
  { audited = Promise.resolve(), asApprover = null, beforeShown }: IssueOptions = {},
): Promise<IssueOutcome> {
  const { logger } = deps;
  const directory: PassWriter = asApprover ?? deps.directory;
  const request = claimed.value;
  let pass: CreatedPass;
  const auditFailed = audited.then(
    () => false,
    (error: unknown) => {
      logger.error({ err: error, requestId: request.id }, 'could not audit the approval');
      return true;
    },
  );
  const creating = directory.createPass(request.target.id, request.pass);
  if (deps.notifier.changeComing) void afterCreateStarts(async () => deps.notifier.changeComing?.(request.id));
  const noted = beforeShown
    ? afterCreateStarts(beforeShown).catch((error: unknown) =>
        logger.error({ err: error, requestId: request.id }, 'the bookkeeping before the pass is shown failed; the pass is shown anyway'),
      )
    : null;
  try {
    pass = await creating;
  } catch (error) {
    await auditFailed;
    if (asApprover && isApproverRefusal(error)) return refusedByEntra(deps, claimed, asApprover, error);
    if (error instanceof DirectoryError && error.kind === 'ambiguous') {
      logger.warn({ requestId: request.id }, 'pass create outcome unknown; settling by reading Graph');
      const unknown = await writeDecision(deps, claimed, { type: 'issue-ambiguous' });
      if (!unknown.ok) return { kind: 'failed', request: viewOf(unknown.current), problem: unknown.problem };
      return settle(deps, unknown.stored as Versioned<UnknownRequest>, directory);
    }
    const cause = toProblem(error);
    const failed = await writeDecision(deps, claimed, { type: 'issue-failed', code: cause.code, retryable: isRetryable(cause) });
    await auditRequest(deps, request, 'pass.failed', null, cause.code);
    return { kind: 'failed', request: viewOf(failed.ok ? failed.stored.value : failed.current), problem: cause };
  }

  // The issue's audit record is written beside the record of the pass (it names only what both know
  // now: the request, its approval, the pass's id and expiry); both land before the pass is shown. If
  // the record then fails, the pass is deleted and a `pass.failed` entry follows this one.
  const approvalAudited = !(await auditFailed);
  const recording = approvalAudited
    ? writeDecision(deps, claimed, {
        type: 'issued',
        pass: {
          id: pass.id,
          createdDateTime: pass.createdDateTime,
          startDateTime: pass.startDateTime,
          lifetimeInMinutes: pass.lifetimeInMinutes,
          isUsableOnce: pass.isUsableOnce,
          expiresAt: pass.expiresAt,
        },
        shownTo,
      })
    : Promise.resolve({ ok: false } as const);
  const issueAudited = approvalAudited
    ? auditRequest(deps, request, 'pass.issued', shownTo, 'ok', {
        passId: pass.id,
        shownTo: shownTo.id,
        shownToName: shownTo.displayName,
        expiresAt: pass.expiresAt,
      })
    : null;
  issueAudited?.catch(() => undefined); // awaited below, or moot once the pass is deleted
  const issued = await recording;
  if (!issued.ok) {
    // Fail closed: a pass we cannot record must not stay usable (SECURITY.md, storage fault after issuing).
    logger.error({ requestId: request.id }, 'could not record the issued pass; deleting it');
    await directory.deletePass(request.target.id, pass.id).catch((error: unknown) => {
      logger.error({ err: error, requestId: request.id }, 'could not delete the unrecorded pass');
    });
    await issueAudited?.catch(() => undefined);
    const failed = await writeDecision(deps, claimed, { type: 'issue-failed', code: 'issue.store-failed', retryable: true });
    await auditRequest(deps, request, 'pass.failed', null, 'issue.store-failed').catch(() => undefined);
    return { kind: 'failed', request: viewOf(failed.ok ? failed.stored.value : request), problem: problem('issue.store-failed') };
  }
  // The audit lands before the pass is shown; the other copies of the cards are updated after the answer
  // (the notifier hands them to the end of the turn). The card the pass holder clicked is left alone until
  // the hand-over (notifier, awaitingHandover).
  await Promise.all([
    issueAudited,
    noted,
    deps.notifier
      .requestChanged(viewOf(issued.stored.value), 'issued')
      .catch((error: unknown) => logger.warn({ err: error }, 'notify failed')),
  ]);
  return { kind: 'issued', request: viewOf(issued.stored.value), pass };
}

/**
 * Settles a request whose create may or may not have happened, by reading the target's passes.
 * A pass created since we claimed the request is ours, but its value is lost (nobody can hand it
 * over), so it is deleted; either way the request fails and may be approved again. Never a blind create.
 */
export async function settle(
  deps: UseCaseDeps,
  stuck: Versioned<UnknownRequest | IssuingRequest>,
  directory: PassWriter = deps.directory,
): Promise<IssueOutcome> {
  const request = stuck.value;
  const since = new Date(request.issuingSince).getTime() - CLOCK_SKEW_MS;
  let code: 'issue.not-created' | 'issue.response-lost';
  try {
    const passes = await directory.listPasses(request.target.id);
    const ours = passes.filter((p) => new Date(p.createdDateTime).getTime() >= since);
    for (const pass of ours) await directory.deletePass(request.target.id, pass.id);
    code = ours.length > 0 ? 'issue.response-lost' : 'issue.not-created';
  } catch (error) {
    // Graph still unreachable: leave it `unknown`; the sweeper settles it later.
    deps.logger.warn({ err: error, requestId: request.id }, 'could not settle yet');
    return { kind: 'failed', request: viewOf(request), problem: toProblem(error) };
  }
  const failed = await writeDecision(deps, stuck, { type: 'issue-failed', code, retryable: true });
  if (!failed.ok) return { kind: 'failed', request: viewOf(failed.current), problem: failed.problem };
  await auditRequest(deps, failed.stored.value, 'pass.settled', null, code);
  await deps.notifier.requestChanged(viewOf(failed.stored.value), 'failed').catch(() => undefined);
  return { kind: 'failed', request: viewOf(failed.stored.value), problem: problem(code) };
}

function isRetryable(cause: Problem): boolean {
  return cause.code === 'graph.throttled' || cause.code === 'graph.unavailable' || cause.code === 'store.unavailable';
}
