// Filing a request: who for, may this person ask, is the target eligible right now, within limits?
// Answers at once with every reason it can't, or files the request and posts it for approval.
import type { UserFact } from '../../domain/facts';
import type { PersonRef, ReasonCode } from '../../domain/request-types';
import { type RequestView, viewOf } from '../kernel/request-view';
import { decide, managerCheckAtFiling } from '../../domain/request';
import { askManager } from './manager-check';
import { requestIdFor } from '../../domain/ids';
import { canRequestFor, requiredRoleFor } from '../../domain/issuer-rules';
import { checkEligibility, defaultPassSpec, type Warning } from '../../domain/eligibility';
import { type Problem, problem } from '../kernel/errors';
import { metrics } from '../../telemetry/metrics';
import type { UseCaseDeps } from '../kernel/deps';
import { auditEvent } from '../kernel/audit';
import { personOf } from '../kernel/shared';
import { withRequestId } from '../../log-context';

export interface FileRequestInput {
  actorId: string;
  /** A UPN, name or id; null asks for oneself. */
  target: string | null;
  reason: { code: ReasonCode; text: string | null };
  lifetimeInMinutes: number | null;
  isUsableOnce: boolean | null;
  startDateTime: string | null;
}

export type FileRequestOutcome =
  | { kind: 'filed'; request: RequestView; warnings: Warning[] }
  | { kind: 'refused'; problems: Problem[]; warnings: Warning[]; target: PersonRef | null }
  | { kind: 'choose-target'; candidates: UserFact[] };

export async function fileRequest(deps: UseCaseDeps, input: FileRequestInput): Promise<FileRequestOutcome> {
  const { directory, stores, clock, config } = deps;
  let targetId = input.actorId;
  if (input.target !== null && input.target.trim() !== '') {
    const candidates = await directory.findUsers(input.target, 6);
    if (candidates.length === 0) {
      return { kind: 'refused', problems: [problem('target.not-found', { query: input.target })], warnings: [], target: null };
    }
    if (candidates.length > 1) return { kind: 'choose-target', candidates };
    targetId = (candidates[0] as UserFact).id;
  }

  const facts = await directory.decisionFacts({ targetId, actorId: input.actorId });
  const actor = facts.actor;
  if (!actor) throw new Error('decisionFacts returned no actor');
  const requester = personOf(actor.user);
  if (!facts.target) {
    return { kind: 'refused', problems: [problem('target.not-found', { query: input.target ?? targetId })], warnings: [], target: null };
  }
  const target = facts.target;
  const now = clock.now();
  const pass = {
    ...defaultPassSpec(facts.policy),
    ...(input.lifetimeInMinutes !== null ? { lifetimeInMinutes: input.lifetimeInMinutes } : {}),
    ...(input.isUsableOnce !== null ? { isUsableOnce: input.isUsableOnce } : {}),
    startDateTime: input.startDateTime,
  };

  const problems: Problem[] = [];
  const allowed = canRequestFor({ id: actor.user.id, groupIds: actor.groupIds }, target, config.serviceDeskGroupId);
  if (!allowed.ok) problems.push(allowed.error);
  const eligibility = checkEligibility(target, facts.policy, pass, now, { refuseHighRisk: config.refuseHighRisk });
  problems.push(...eligibility.refusals);
  const required = requiredRoleFor(target);
  if (required === 'none-restricted-au' && !problems.some((p) => p.code === 'issuer.restricted-au')) {
    const units = target.administrativeUnits.filter((u) => u.restricted).map((u) => u.displayName);
    problems.push({ code: 'issuer.restricted-au', params: { units: units.join(', ') || 'a restricted administrative unit' } });
  }
  if (problems.length === 0) problems.push(...(await rateLimitProblems(deps, actor.user.id, target.user.id, now)));

  const targetRef = personOf(target.user);
  if (problems.length > 0) {
    for (const refusal of problems) metrics.refused(refusal.code, 'request');
    await auditEvent(deps, {
      action: 'request.refused',
      actor: { id: requester.id, displayName: requester.displayName },
      targetUserId: targetRef.id,
      requestId: null,
      outcome: problems.map((p) => p.code).join(' '),
      details: { reason: input.reason.code, lifetimeInMinutes: pass.lifetimeInMinutes, isUsableOnce: pass.isUsableOnce },
    });
    return { kind: 'refused', problems, warnings: eligibility.warnings, target: targetRef };
  }

  const number = await stores.counters.next('request');
  const filed = decide(
    null,
    {
      type: 'file',
      id: requestIdFor(number),
      requester,
      target: targetRef,
      reason: input.reason,
      pass,
      delivery: config.passDelivery,
      ttlMinutes: config.requestTtlMinutes,
      replacesLivePass: eligibility.warnings.some((w) => w.code === 'target.live-pass'),
      // The manager read live in the same facts batch: asked now, or the card says there is none (or why not known).
      managerCheck: managerCheckAtFiling(target.manager, now),
    },
    now,
  );
  if (!filed.ok) return { kind: 'refused', problems: [filed.error], warnings: eligibility.warnings, target: targetRef };
  // From here on every line (and Graph call) is about this request.
  return withRequestId(filed.value.id, async () => {
    const stored = await stores.requests.create(filed.value);
    deps.requestTargets.remember(stored.value);
    await auditEvent(deps, {
      action: 'request.filed',
      actor: { id: requester.id, displayName: requester.displayName },
      targetUserId: targetRef.id,
      requestId: stored.value.id,
      outcome: 'ok',
      details: {
        reason: input.reason.code,
        reasonText: input.reason.text,
        lifetimeInMinutes: pass.lifetimeInMinutes,
        isUsableOnce: pass.isUsableOnce,
        startDateTime: pass.startDateTime,
        onBehalf: allowed.ok ? allowed.value : null,
      },
    });
    deps.logger.info(
      { requestId: stored.value.id, targetUserId: targetRef.id, reason: input.reason.code, delivery: stored.value.delivery },
      'request filed',
    );
    await deps.notifier
      .requestChanged(viewOf(stored.value), 'filed')
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'notify failed'));
    await askManager(deps, stored);
    return { kind: 'filed', request: viewOf(stored.value), warnings: eligibility.warnings };
  });
}

async function rateLimitProblems(deps: UseCaseDeps, requesterId: string, targetId: string, now: Date): Promise<Problem[]> {
  const since = new Date(now.getTime() - 3_600_000).toISOString();
  const [byRequester, byTarget] = await Promise.all([
    deps.stores.requests.listByUser(requesterId, { since }),
    requesterId === targetId ? Promise.resolve(null) : deps.stores.requests.listByUser(targetId, { since }),
  ]);
  const limits = deps.config.rateLimits;
  const problems: Problem[] = [];
  const filedBy = byRequester.filter((r) => r.requester.id === requesterId && r.createdAt >= since).length;
  if (filedBy >= limits.perRequesterPerHour) problems.push(problem('rate.requester', { limit: limits.perRequesterPerHour }));
  const forTarget = (byTarget ?? byRequester).filter((r) => r.target.id === targetId && r.createdAt >= since).length;
  if (forTarget >= limits.perTargetPerHour) problems.push(problem('rate.target', { limit: limits.perTargetPerHour }));
  return problems;
}
