// "Why can't I sign in?": for oneself, or by the help desk for anyone. Facts from live Graph in one
// round trip, then the pure diagnosis. Every help-desk diagnosis of someone else is audited.
import { diagnose, type Diagnosis } from '../../domain/diagnosis/diagnosis';
import type { DiagnosisContext } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import { auditEvent } from '../kernel/audit';
import { access } from '../help-desk/access';

export type DiagnoseOutcome =
  | { kind: 'diagnosed'; diagnosis: Diagnosis; subject: { id: string; displayName: string }; self: boolean }
  | { kind: 'refused'; problem: Problem };

export async function diagnoseSignIn(
  deps: UseCaseDeps,
  actorId: string,
  subjectId: string,
  context: DiagnosisContext,
): Promise<DiagnoseOutcome> {
  const self = subjectId === actorId;
  if (!self) {
    const allowed = await access(deps, actorId, subjectId);
    if (!allowed.ok) return { kind: 'refused', problem: allowed.problem };
  }
  const facts = await deps.directory.diagnosisFacts(subjectId, context);
  if (!facts) return { kind: 'refused', problem: problem('target.not-found', { query: subjectId }) };
  const diagnosis = diagnose(facts, deps.clock.now(), self ? 'person' : 'help-desk');
  if (!self) {
    await auditEvent(deps, {
      action: 'diagnosis.run',
      actor: { id: actorId },
      targetUserId: subjectId,
      requestId: null,
      outcome: diagnosis.top.id,
      details: { symptom: context.symptom },
    });
  }
  return { kind: 'diagnosed', diagnosis, subject: { id: facts.target.user.id, displayName: facts.target.user.displayName }, self };
}

export type EscalateOutcome = { kind: 'escalated'; summary: string };

/** "Contact the help desk" on one's own result: the check runs again, the approvals channel hears it, the audit records it. */
export async function escalate(deps: UseCaseDeps, actor: { id: string; name: string }): Promise<EscalateOutcome> {
  const outcome = await diagnoseSignIn(deps, actor.id, actor.id, { symptom: 'unknown', reaching: null, reportedCode: null });
  const summary = outcome.kind === 'diagnosed' ? outcome.diagnosis.summary : 'the check could not run';
  await deps.notifier
    .helpWanted?.(actor.name, summary)
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'help-wanted notice not sent'));
  await auditEvent(deps, {
    action: 'diagnosis.escalated',
    actor: { id: actor.id, displayName: actor.name },
    targetUserId: actor.id,
    requestId: null,
    outcome: outcome.kind === 'diagnosed' ? outcome.diagnosis.top.id : 'unavailable',
    details: {},
  });
  return { kind: 'escalated', summary };
}
