// Due work found from the store, not from timers one process knows about: expiry, the half-time
// reminder, and settling requests whose create was interrupted. Any number of instances may sweep;
// the compare-and-swap lets exactly one of them act on each request.
import type { IssuingRequest, UnknownRequest } from '../domain/request-types';
import type { Logger } from '../logger';
import type { Versioned } from './ports';
import type { UseCaseDeps } from './deps';
import { expireIfDue } from './decide-request';
import { settle } from './issue-pass';
import { writeDecision } from './write';
import { reminderDueAt } from '../domain/request';

/** An `issuing` request older than this lost its process mid-create (Graph's create times out well before). */
export const STUCK_ISSUING_MS = 60_000;

export interface SweepReport {
  expired: number;
  reminded: number;
  settled: number;
}

export async function sweep(deps: UseCaseDeps): Promise<SweepReport> {
  const report: SweepReport = { expired: 0, reminded: 0, settled: 0 };
  const open = await deps.stores.requests.listByStatus(['pending', 'approved', 'issuing', 'unknown']);
  const now = deps.clock.now().getTime();
  for (const current of open) {
    const request = current.value;
    try {
      if (request.status === 'pending' || request.status === 'approved') {
        const expired = await expireIfDue(deps, current);
        if (expired?.status === 'expired') {
          report.expired += 1;
          continue;
        }
        if (request.status === 'pending' && request.reminderSentAt === null) {
          const due = reminderDueAt(request);
          if (due !== null && now >= Date.parse(due)) {
            const reminded = await writeDecision(deps, current, { type: 'remind' });
            if (reminded.ok) {
              report.reminded += 1;
              await deps.notifier.requestChanged(reminded.stored.value, 'reminder').catch(() => undefined);
            }
          }
        }
      } else if (request.status === 'unknown' || (request.status === 'issuing' && now - new Date(request.issuingSince).getTime() > STUCK_ISSUING_MS)) {
        const outcome = await settle(deps, current as Versioned<UnknownRequest | IssuingRequest>);
        if (outcome.request.status === 'failed') report.settled += 1;
      }
    } catch (error) {
      deps.logger.warn({ err: error, requestId: request.id }, 'sweep could not handle a request');
    }
  }
  return report;
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
