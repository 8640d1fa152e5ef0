// Paces this process's TAP creates by what Graph's 429s say. Graph throttles TAP writes per tenant,
// so one Retry-After holds every create behind it, not only the one that got it; creates wait in
// arrival order, and after a 429 they go one at a time until Graph accepts again (then the limit
// climbs back). Without this, a burst of approvals retries in lockstep, spends its attempts on 429s
// and fails most of them.
//
// Each create has a deadline: a person is waiting on the click. One that cannot start before its
// deadline is refused as `throttled` without sending anything — nothing was created, so approving
// again later is safe. This is a cache of Graph's mood, not shared state: every instance learns its own.
import { DirectoryError } from '../app/kernel/ports';

export interface WritePacerOptions {
  /** Creates in flight at once while Graph is not throttling. */
  maxConcurrent: number;
  /** Longest a create may wait for its turn, from its first attempt. */
  maxWaitMs: number;
  now?: () => number;
}

interface Waiter {
  deadline: number;
  resolve: (release: () => void) => void;
  reject: (error: Error) => void;
}

export class WritePacer {
  private notBefore = 0;
  private limit: number;
  private active = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: WritePacerOptions) {
    this.limit = options.maxConcurrent;
    this.now = options.now ?? Date.now;
  }

  /** The deadline of a create that starts waiting now. */
  deadline(): number {
    return this.now() + this.options.maxWaitMs;
  }

  /**
   * Resolves with a release function once this create may be sent. `retry` puts a create that was
   * just throttled at the front, so arrival order holds.
   */
  acquire(deadline: number, retry = false): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const waiter = { deadline, resolve, reject };
      if (retry) this.queue.unshift(waiter);
      else this.queue.push(waiter);
      this.pump();
    });
  }

  /** Graph answered 429: nobody sends before Retry-After, and one at a time after it. */
  throttled(retryAfterMs: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + retryAfterMs);
    this.limit = 1;
  }

  /** Graph accepted a create: one more may go at once, up to the configured limit. */
  accepted(): void {
    this.limit = Math.min(this.options.maxConcurrent, this.limit + 1);
  }

  /** How many creates wait for their turn (for logs and benchmarks). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const now = this.now();
    // A create that cannot start before its deadline is told at once, not when the deadline passes.
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      const waiter = this.queue[i] as Waiter;
      if (waiter.deadline < Math.max(now, this.notBefore)) {
        this.queue.splice(i, 1);
        waiter.reject(new DirectoryError('throttled', 'TooManyRequests', 'Microsoft Graph is throttling pass creation'));
      }
    }
    while (this.queue.length > 0 && this.active < this.limit && now >= this.notBefore) {
      const waiter = this.queue.shift() as Waiter;
      this.active += 1;
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.pump();
      });
    }
    if (this.queue.length === 0) return;
    // Wake for Retry-After's end or the nearest deadline, whichever comes first.
    const wakeAt = Math.min(this.notBefore > now ? this.notBefore : Number.POSITIVE_INFINITY, ...this.queue.map((w) => w.deadline + 1));
    if (Number.isFinite(wakeAt)) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, wakeAt - now));
      this.timer.unref();
    }
  }
}
