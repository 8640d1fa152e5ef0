// Bounds the turns one instance works on at once. A burst (an onboarding morning) otherwise starts
// every turn together: each then waits on storage and Graph behind all the others, memory grows
// with every open turn, and the storage and Graph calls of all of them time out together. Turns
// past the limit wait in arrival order; past the queue's bound the instance answers 503 with
// Retry-After at once, so the channel or load balancer can try another instance.
export const DEFAULT_TURN_LIMITS = { concurrent: 24, queued: 2000 };

export class TurnGate {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limits: { concurrent: number; queued: number } = DEFAULT_TURN_LIMITS) {}

  /** Resolves with a release function once the turn may run, or null when the queue is full. */
  async enter(): Promise<(() => void) | null> {
    if (this.active >= this.limits.concurrent) {
      if (this.queue.length >= this.limits.queued) return null;
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // The slot passes straight to the next turn in line; `active` counts it already.
      if (next) next();
      else this.active -= 1;
    };
  }

  get waiting(): number {
    return this.queue.length;
  }
}
