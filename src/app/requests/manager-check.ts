// The target's manager confirms it is really them, in Teams: asked when the request is filed, answered with
// Confirm / Not them. Only the person the directory names as manager at click time counts (a live read, never
// card data); "Not them" holds the request (request.ts) and alerts the help desk. State lives on the request row.
import type { Known, ManagerFact } from '../../domain/facts';
import type { TapRequest } from '../../domain/request-types';
import type { Versioned } from '../kernel/ports';
import { type Problem, problem } from '../kernel/errors';
import type { UseCaseDeps } from '../kernel/deps';
import type { Actor } from '../kernel/actor';
import { writeDecision } from '../kernel/write';
import { auditRequest } from '../kernel/audit';
import { viewOf } from '../kernel/request-view';

export type ManagerAnswer = 'confirmed' | 'not-them';

export type ManagerAnswerOutcome =
  | { kind: 'not-found'; problem: Problem }
  /** Recorded: the request as it now stands. */
  | { kind: 'answered'; request: TapRequest; answer: ManagerAnswer }
  /** Nothing changed (not their manager, unreadable, already answered, no longer pending); why in `problem`. */
  | { kind: 'refused'; request: TapRequest; problem: Problem };

/**
 * Right after filing: the manager (named on the row at filing, from the live facts read) gets the 1:1 card. No chat with
 * TAP Desk: the row says "unreachable" so the approver knows nobody was asked. Best effort: a failure never undoes the filing.
 */
export async function askManager(deps: UseCaseDeps, filed: Versioned<TapRequest>): Promise<void> {
  const check = filed.value.managerCheck;
  if (check?.state !== 'asked') return;
  try {
    const delivered = (await deps.notifier.askManager?.(filed.value)) ?? false;
    await auditRequest(deps, filed.value, 'identity.manager-asked', null, delivered ? 'ok' : 'unreachable', { manager: check.manager.id });
    if (delivered) return;
    const written = await writeDecision(deps, filed, { type: 'manager-unreachable' });
    if (written.ok) await deps.notifier.requestChanged(viewOf(written.stored.value), 'manager-answered').catch(() => undefined);
  } catch (error) {
    deps.logger.warn({ err: error, requestId: filed.value.id }, 'asking the manager failed');
  }
}

export async function answerAsManager(
  deps: UseCaseDeps,
  actor: Actor,
  requestId: string,
  answer: ManagerAnswer,
): Promise<ManagerAnswerOutcome> {
  let current = await deps.stores.requests.get(requestId);
  if (!current) return { kind: 'not-found', problem: problem('request.not-found', { id: requestId }) };
  // Who the manager is now, from the directory: the card's data and the row's record of who was asked decide nothing.
  const facts = await deps.directory.decisionFacts({ targetId: current.value.target.id });
  const manager: Known<ManagerFact | null> = facts.target?.manager ?? { known: false, reason: 'unavailable' };
  const liveName = manager.known && manager.value && manager.value.id.toLowerCase() === actor.id.toLowerCase() ? manager.value : null;
  const by = {
    id: actor.id,
    displayName: liveName?.displayName ?? actor.name,
    userPrincipalName: liveName?.userPrincipalName ?? actor.userPrincipalName ?? '',
  };
  const command = { type: 'manager-answer' as const, by, answer, manager };
  let written = await writeDecision(deps, current, command);
  // Lost a race with another write on the row (another instance, a card update): decide again on what is stored now.
  if (!written.ok && written.lostRace) {
    current = await deps.stores.requests.get(requestId);
    if (current) written = await writeDecision(deps, current, command);
  }
  if (!written.ok) {
    await auditRequest(deps, written.current, 'identity.manager-refused', by, written.problem.code, { answer });
    // "Not them" from the manager is worth the help desk's attention even when it can no longer change the request.
    if (answer === 'not-them' && liveName && written.problem.code === 'request.not-pending') {
      await deps.notifier.managerSaysNotThem?.(written.current, by.displayName).catch(() => undefined);
    }
    return { kind: 'refused', request: written.current, problem: written.problem };
  }
  const request = written.stored.value;
  await auditRequest(deps, request, answer === 'confirmed' ? 'identity.manager-confirmed' : 'identity.manager-not-them', by, 'ok');
  if (answer === 'not-them') await deps.notifier.managerSaysNotThem?.(request, by.displayName).catch(() => undefined);
  await deps.notifier.requestChanged(viewOf(request), 'manager-answered').catch(() => undefined);
  return { kind: 'answered', request, answer };
}
