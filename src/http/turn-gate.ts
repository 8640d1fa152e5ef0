// Bounds the turns one instance works on at once. A burst (an onboarding morning) otherwise starts
// every turn together: each then waits on storage and Graph behind all the others, memory grows
// with every open turn, and the storage and Graph calls of all of them time out together. Turns
// past the limit wait in arrival order. The queue is bounded in count and in bytes: requests wait
// here before botbuilder has authenticated them, so junk must not be able to fill memory. Past
// either bound the instance answers 503 with Retry-After at once, so the channel can try again.
export interface TurnLimits {
  concurrent: number;
  queued: number;
  /** Request bodies held by waiting turns, together. */
  queuedBytes: number;
}

export const DEFAULT_TURN_LIMITS: TurnLimits = { concurrent: 24, queued: 2000, queuedBytes: 32 * 1024 * 1024 };

interface Waiter {
  bytes: number;
  admit: () => void;
}

export class TurnGate {
  private active = 0;
  private queuedBytes = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly limits: TurnLimits = DEFAULT_TURN_LIMITS) {}

  /** Resolves with a release function once the turn may run, or null when the queue is full. */
  async enter(bytes = 0): Promise<(() => void) | null> {
    if (this.active >= this.limits.concurrent) {
      if (this.queue.length >= this.limits.queued || this.queuedBytes + bytes > this.limits.queuedBytes) return null;
      this.queuedBytes += bytes;
      await new Promise<void>((admit) => this.queue.push({ bytes, admit }));
    } else {
      this.active += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      // The slot passes straight to the next turn in line; `active` counts it already.
      if (next) {
        this.queuedBytes -= next.bytes;
        next.admit();
      } else {
        this.active -= 1;
      }
    };
  }

  get waiting(): number {
    return this.queue.length;
  }
}
