// A person removes their own pass with their own rights (self-service: acting on oneself needs no Entra role, only
// the delegated scope): "This wasn't me" (reason 'not-me': their sign-in sessions are ended too, and the help desk
// is alerted whatever happens) or "Remove my pass" on the offer once a new method is registered (reason 'done': no
// alert; the removal is recorded on the request so every copy of its cards says so). Either way only this request's
// pass is removed, never a newer one. In application mode the app's own permissions do the same. The live pass is read with
// the app's TAP read; the request is only the entry point.
import type { TapFact } from '../../domain/facts';
import type { TapRequest } from '../../domain/request-types';
import { viewOf } from '../kernel/request-view';
import { DirectoryError, type OwnPassResult, type PassWriter, type SessionsOutcome, type Versioned } from '../kernel/ports';

export type { OwnPassResult, SessionsOutcome } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import { auditEvent } from '../kernel/audit';
import { toProblem } from '../kernel/shared';
import { withRequestId } from '../../log-context';
import { writeDecision } from '../kernel/write';

export type OwnPassReason = 'not-me' | 'done';

export type OwnPassOutcome = { kind: 'done'; result: OwnPassResult } | { kind: 'not-found'; problem: Problem };

/** The request, when the clicker is the person it is for (the only one who may say "not me" or "done" on it). */
export async function ownRequest(deps: UseCaseDeps, actorId: string, requestId: string): Promise<TapRequest | null> {
  const stored = await deps.stores.requests.get(requestId);
  return stored && stored.value.target.id.toLowerCase() === actorId.toLowerCase() ? stored.value : null;
}

/** Whose rights act: the person's own delegated token (delegated mode, after their sign-in), else the app's. */
function writerFor(deps: UseCaseDeps, actorId: string): PassWriter | null {
  if (deps.config.passIssuance !== 'delegated') return deps.directory;
  return deps.approverSessions?.writerFor(actorId) ?? null;
}

export async function endSessions(writer: PassWriter, userId: string, logger: UseCaseDeps['logger']): Promise<SessionsOutcome> {
  try {
    await writer.revokeSignInSessions(userId);
    return 'ended';
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    logger.warn({ targetUserId: userId, kind: error.kind, graphCode: error.graphCode }, 'sign-in sessions not ended');
    // 403: the scope was not consented (or the role is missing): this one step degrades, the rest stands.
    return error.kind === 'refused' || error.kind === 'permission' ? 'not-permitted' : 'failed';
  }
}

export async function removeOwnPass(
  deps: UseCaseDeps,
  actor: { id: string; name: string },
  requestId: string,
  reason: OwnPassReason,
): Promise<OwnPassOutcome> {
  const request = await ownRequest(deps, actor.id, requestId);
  if (!request) return { kind: 'not-found', problem: problem('request.not-found', { id: requestId }) };
  return withRequestId(request.id, async () => {
    const result: OwnPassResult = { request, pass: 'none', removedPass: null, problem: null, sessions: 'not-asked' };
    try {
      const writer = writerFor(deps, actor.id);
      if (!writer) {
        result.pass = 'kept';
        result.problem = problem('sso.signin-again');
        return { kind: 'done', result };
      }
      let pass: TapFact | undefined;
      try {
        const live = await deps.directory.listPasses(actor.id);
        // Only the pass this request issued: a newer one came from another request, which has its own notice.
        const issuedId = request.status === 'issued' ? request.issued.id.toLowerCase() : null;
        pass = live.find((p) => p.id.toLowerCase() === issuedId);
        if (pass) {
          await writer.deletePass(actor.id, pass.id);
          result.pass = 'removed';
          result.removedPass = pass;
        }
      } catch (error) {
        result.pass = 'kept';
        const refused = error instanceof DirectoryError && error.kind === 'refused';
        result.problem = refused
          ? problem('graph.delete-refused', { code: (error as DirectoryError).graphCode ?? 'unknown' })
          : toProblem(error);
      }
      if (reason === 'not-me') result.sessions = await endSessions(writer, actor.id, deps.logger);
      await auditEvent(deps, {
        action: reason === 'not-me' ? 'pass.reported-not-me' : 'pass.removed-by-holder',
        actor: { id: actor.id, displayName: actor.name },
        targetUserId: actor.id,
        requestId: request.id,
        outcome: result.problem?.code ?? 'ok',
        details: {
          passId: pass?.id ?? null,
          pass: result.pass,
          sessions: result.sessions,
          rights: deps.config.passIssuance === 'delegated' ? 'own' : 'app',
        },
      }).catch(() => undefined);
      deps.logger.info({ targetUserId: actor.id, pass: result.pass, sessions: result.sessions, reason }, 'own pass removal');
      if (reason === 'done' && result.pass !== 'kept') result.request = await recordRemoval(deps, request.id, actor);
      return { kind: 'done', result };
    } finally {
      // "This wasn't me" reaches the help desk whatever happened above.
      if (reason === 'not-me') await deps.notifier.notMe?.({ request: result.request, byName: actor.name, result }).catch(() => undefined);
    }
  });
}

/** The offer's outcome on the request (CAS, once more on a lost race); every copy of its cards then says so. */
async function recordRemoval(deps: UseCaseDeps, requestId: string, actor: { id: string; name: string }): Promise<TapRequest> {
  let current: Versioned<TapRequest> | null = await deps.stores.requests.get(requestId);
  for (let attempt = 0; current && attempt < 2; attempt += 1) {
    const done = await writeDecision(deps, current, { type: 'pass-removed', by: { ...current.value.target, id: actor.id } });
    if (done.ok) {
      await deps.notifier.requestChanged(viewOf(done.stored.value), 'pass-removed').catch(() => undefined);
      return done.stored.value;
    }
    if (!done.lostRace) return done.current;
    current = await deps.stores.requests.get(requestId);
  }
  if (!current) throw new Error(`request ${requestId} vanished while its removal was recorded`);
  return current.value;
}

/**
 * "This wasn't me" before the removal can run (the holder is asked to sign in, or the sign-in failed): the help desk
 * hears it now, so a sign-in never finished still reaches them. Only the person the pass is for can report it.
 */
export async function reportNotMe(
  deps: UseCaseDeps,
  actor: { id: string; name: string },
  requestId: string,
  pending: Problem | null,
): Promise<void> {
  const request = await ownRequest(deps, actor.id, requestId);
  if (!request) return;
  await deps.notifier.notMe?.({ request, byName: actor.name, pending }).catch(() => undefined);
}
