// Which person each request is for, as this instance last saw it. A request's target never changes,
// so the approval can ask Graph for the target's facts while it reads the request, instead of after.
// A cache, not state (ARCHITECTURE.md rule 8): a guess is always checked against the request just read,
// and a miss or a mismatch costs the sequential Graph read it would have saved, never a wrong answer.
import type { TapRequest } from '../../domain/request-types';

/** Enough for a busy day of one instance; beyond it the oldest are forgotten. */
const LIMIT = 10_000;

/** One per instance, built with the use cases' dependencies (main.ts); nothing lives at module level. */
export class RequestTargets {
  private readonly targets = new Map<string, string>();

  remember(request: Pick<TapRequest, 'id' | 'target'>): void {
    if (this.targets.get(request.id) === request.target.id) return;
    if (this.targets.size >= LIMIT) this.targets.delete(this.targets.keys().next().value as string);
    this.targets.set(request.id, request.target.id);
  }

  known(requestId: string): string | null {
    return this.targets.get(requestId) ?? null;
  }
}
