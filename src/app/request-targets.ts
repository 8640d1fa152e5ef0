// Which person each request is for, as this instance last saw it. A request's target never changes,
// so the approval can ask Graph for the target's facts while it reads the request, instead of after.
// A cache, not state (ARCHITECTURE rule 8): a guess is always checked against the request just read,
// and a miss or a mismatch costs the sequential Graph read it would have saved, never a wrong answer.
import type { TapRequest } from '../domain/request-types';
import type { RequestStore } from './ports';

/** Enough for a busy day of one instance; beyond it the oldest are forgotten. */
const LIMIT = 10_000;

/** Keyed by the store itself: request ids are only unique within one store. */
const byStore = new WeakMap<RequestStore, Map<string, string>>();

export function rememberTarget(store: RequestStore, request: Pick<TapRequest, 'id' | 'target'>): void {
  let targets = byStore.get(store);
  if (!targets) {
    targets = new Map();
    byStore.set(store, targets);
  }
  if (targets.get(request.id) === request.target.id) return;
  if (targets.size >= LIMIT) targets.delete(targets.keys().next().value as string);
  targets.set(request.id, request.target.id);
}

export function knownTarget(store: RequestStore, requestId: string): string | null {
  return byStore.get(store)?.get(requestId) ?? null;
}
