/**
 * A latch between the store's notifications and a runner's loop. `arm()` before looking for work, then
 * `wait()`: a wake-up that arrived while the runner was busy is not lost, it ends the next wait at once.
 */
export class Wakeup {
  private woken = false;
  private cancelled = false;
  /** Only the runner's loop waits, so there is at most one wait in progress. */
  private pending: { resolve: () => void; wakeable: boolean; timer: NodeJS.Timeout } | undefined;

  arm(): void {
    this.woken = false;
  }

  wake(): void {
    this.woken = true;
    if (this.pending?.wakeable) this.finish();
  }

  /** Ends every wait now and later (the runner is stopping). */
  cancel(): void {
    this.cancelled = true;
    this.finish();
  }

  /** Until a wake-up, the timeout or cancel. */
  wait(timeoutMs: number): Promise<void> {
    if (this.woken || this.cancelled) return Promise.resolve();
    return this.block(timeoutMs, true);
  }

  /** Until the timeout or cancel: a backoff that new events must not cut short. */
  sleep(timeoutMs: number): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    return this.block(timeoutMs, false);
  }

  private block(timeoutMs: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      this.pending = { resolve, wakeable, timer: setTimeout(() => this.finish(), timeoutMs) };
    });
  }

  private finish(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve();
  }
}
