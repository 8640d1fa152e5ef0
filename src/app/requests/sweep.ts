// Due work found from the store, not from timers one process knows about: expiry, the half-time
// reminder, settling requests whose create was interrupted, and offering to remove a pass whose job is done. Any number of instances may sweep;
// the compare-and-swap lets exactly one of them act on each request.
import { randomUUID } from 'node:crypto';
import type { IssuedRequest, IssuingRequest, TapRequest, UnknownRequest } from '../../domain/request-types';
import { viewOf } from '../kernel/request-view';
import type { Logger } from '../../logger';
import type { Versioned } from '../kernel/ports';
import type { UseCaseDeps } from '../kernel/deps';
import { expireIfDue } from './decide';
import { isUnsettled, settle } from './issue';
import { followUpOne, needsFollowUp } from './pass-follow-up';
import { announceOrphan } from './orphans';
import { writeDecision } from '../kernel/write';
import { auditRequest } from '../kernel/audit';
import { reminderDueAt } from '../../domain/request';
import { runCorrelated, withRequestId } from '../../log-context';
import { metrics } from '../../telemetry/metrics';

export interface SweepReport {
  expired: number;
  reminded: number;
  settled: number;
  handedOver: number;
  /** People offered to remove a pass whose job is done (pass-follow-up.ts). */
  offered: number;
}

export function sweep(deps: UseCaseDeps): Promise<SweepReport> {
  // A sweep is its own unit of work: its lines (and Graph calls) share a sweep id, and the lines
  // about each request carry that request's id, like the turn that filed or approved it.
  return runCorrelated({ sweepId: randomUUID() }, async () => {
    const report: SweepReport = { expired: 0, reminded: 0, settled: 0, handedOver: 0, offered: 0 };
    const open = await deps.stores.requests.listByStatus(['pending', 'approved', 'issuing', 'unknown']);
    metrics.approvalsWaiting(open.filter((r) => r.value.status === 'pending').length);
    const now = deps.clock.now().getTime();
    for (const current of open) await withRequestId(current.value.id, () => sweepOne(deps, current, now, report));
    const handovers = await deps.stores.requests.listHandoversDue(deps.clock.now().toISOString());
    for (const current of handovers) await withRequestId(current.value.id, () => handOverDue(deps, current, report));
    // Issued passes still live: has the person registered a sign-in method since? (One Graph read each.)
    const issued = (await deps.stores.requests.listByStatus(['issued'])).filter((r) => needsFollowUp(r.value, deps.clock.now().getTime()));
    for (const current of issued) await withRequestId(current.value.id, () => followUp(deps, current as Versioned<IssuedRequest>, report));
    if (report.expired + report.reminded + report.settled + report.handedOver + report.offered > 0)
      deps.logger.info({ ...report }, 'sweep done');
    return report;
  });
}

async function sweepOne(deps: UseCaseDeps, current: Versioned<TapRequest>, now: number, report: SweepReport): Promise<void> {
  const request = current.value;
  try {
    if (request.status === 'pending' || request.status === 'approved') {
      const expired = await expireIfDue(deps, current);
      if (expired?.status === 'expired') {
        report.expired += 1;
        return;
      }
      if (request.status === 'pending' && request.reminderSentAt === null) {
        const due = reminderDueAt(request);
        if (due !== null && now >= Date.parse(due)) {
          const reminded = await writeDecision(deps, current, { type: 'remind' });
          if (reminded.ok) {
            report.reminded += 1;
            await deps.notifier.requestChanged(viewOf(reminded.stored.value), 'reminder').catch(() => undefined);
          }
        }
      }
    } else if (isUnsettled(request, now)) {
      const stuck = current as Versioned<UnknownRequest | IssuingRequest>;
      // Delegated mode: the app may hold no TAP write permission, so a pass to delete is deleted with the approver's token while this instance holds it.
      const asApprover = deps.approverSessions?.writerFor(stuck.value.approval.by.id) ?? undefined;
      const outcome = await settle(deps, stuck, asApprover);
      if (outcome.request.status === 'failed') report.settled += 1;
      // Delegated mode with no approver token here: the app cannot delete it; whoever may, can (orphans.ts).
      else if (deps.config.passIssuance === 'delegated' && !asApprover) await announceOrphan(deps, outcome.request);
    }
  } catch (error) {
    deps.logger.warn({ err: error, requestId: request.id }, 'sweep could not handle a request');
  }
}

/** The pass holder never said "Handed over": after a few minutes every copy turns to "Issued" anyway. */
async function handOverDue(deps: UseCaseDeps, current: Versioned<TapRequest>, report: SweepReport): Promise<void> {
  try {
    const done = await writeDecision(deps, current, { type: 'hand-over', by: null });
    if (!done.ok) return;
    report.handedOver += 1;
    await auditRequest(deps, done.stored.value, 'pass.handed-over', null, 'timed-out');
    await deps.notifier.requestChanged(viewOf(done.stored.value), 'handed-over').catch(() => undefined);
  } catch (error) {
    deps.logger.warn({ err: error, requestId: current.value.id }, 'sweep could not close a hand-over');
  }
}

async function followUp(deps: UseCaseDeps, current: Versioned<IssuedRequest>, report: SweepReport): Promise<void> {
  try {
    if (await followUpOne(deps, current)) report.offered += 1;
  } catch (error) {
    deps.logger.warn({ err: error, requestId: current.value.id }, 'sweep could not follow up a pass');
  }
}

export function startSweeper(options: { run: () => Promise<unknown>; logger: Logger; intervalSeconds: number }): { stop(): void } {
  if (options.intervalSeconds <= 0) return { stop() {} };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    options
      .run()
      .catch((error: unknown) => options.logger.warn({ err: error }, 'sweep failed'))
      .finally(() => {
        running = false;
      });
  }, options.intervalSeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
