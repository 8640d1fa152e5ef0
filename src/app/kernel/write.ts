// decide() + compare-and-swap write, the one way any use case changes a stored request.
import type { TapRequest } from '../../domain/request-types';
import { type Command, decide } from '../../domain/request';
import { StoreConflictError, type Versioned } from './ports';
import type { Problem } from './errors';
import type { UseCaseDeps } from './deps';
import { toProblem } from './shared';
import { metrics } from '../../telemetry/metrics';

export type WriteResult =
  | { ok: true; stored: Versioned<TapRequest> }
  /** Refused by the rules, or lost the race (current = what is stored now), or storage failed. */
  | { ok: false; problem: Problem; current: TapRequest; lostRace: boolean };

export async function writeDecision(deps: UseCaseDeps, from: Versioned<TapRequest>, command: Command): Promise<WriteResult> {
  const next = decide(from.value, command, deps.clock.now());
  if (!next.ok) return { ok: false, problem: next.error, current: from.value, lostRace: false };
  try {
    const stored = await deps.stores.requests.replace(next.value, from.etag);
    // The request's life in the logs: one line per state change, on whichever instance made it.
    const failure = command.type === 'issue-failed' ? { code: command.code } : {};
    deps.logger.info(
      { requestId: from.value.id, command: command.type, from: from.value.status, to: stored.value.status, ...failure },
      `request ${from.value.status} → ${stored.value.status}`,
    );
    if (stored.value.status === 'issued' && from.value.status !== 'issued') metrics.passIssued();
    if (stored.value.status === 'failed' && from.value.status !== 'failed')
      metrics.issuanceFailed(command.type === 'issue-failed' ? command.code : command.type);
    return { ok: true, stored };
  } catch (error) {
    if (error instanceof StoreConflictError) {
      const current = await deps.stores.requests.get(from.value.id);
      deps.logger.info(
        { requestId: from.value.id, command: command.type, status: current?.value.status ?? 'unknown' },
        'request already changed by another click or instance',
      );
      return {
        ok: false,
        problem: { code: 'request.not-pending', params: { status: current?.value.status ?? 'unknown' } },
        current: current?.value ?? from.value,
        lostRace: true,
      };
    }
    return { ok: false, problem: toProblem(error), current: from.value, lostRace: false };
  }
}
