// Counts turns in progress so shutdown can let them finish (an approval mid-issue must complete).
export class InFlight {
  private count = 0;
  private closing = false;
  private waiters: Array<() => void> = [];

  enter(): void {
    this.count += 1;
  }

  leave(): void {
    this.count -= 1;
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Work a turn started but did not wait for (messages to other people): shutdown waits for it too. */
  track(task: Promise<unknown>): void {
    this.enter();
    void task.finally(() => this.leave()).catch(() => undefined);
  }

  draining(): boolean {
    return this.closing;
  }

  /** Refuses new turns, then resolves when the running ones end or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    this.closing = true;
    if (this.count === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
