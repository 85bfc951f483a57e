import { EventEmitter } from 'node:events';
import { ProjectionTimeoutError, type ProjectionWaiter } from './waiter.js';

/**
 * The positions this process knows its projectors' live tables have reached, and the waiters on them.
 * Runners report after each commit, so a waiter wakes on the advance itself, never on a timer tick.
 * Position -1 means "not usable yet" (e.g. the tables are being rebuilt for a new version).
 */
export class CheckpointPositions implements ProjectionWaiter {
  private readonly positions = new Map<string, bigint>();
  private readonly advanced = new EventEmitter();

  constructor(
    names: readonly string[],
    private readonly timeoutMs: number,
  ) {
    for (const name of names) this.positions.set(name, -1n);
    // Every concurrent request adds a listener; the default cap of 10 would only produce false leak warnings.
    this.advanced.setMaxListeners(0);
  }

  get(name: string): bigint {
    const position = this.positions.get(name);
    if (position === undefined) throw new Error(`Unknown projection ${name}`);
    return position;
  }

  /**
   * Positions only grow: a rebuild's swap applies the tail under the apply lock, so its tables include
   * everything a runner committed before. Taking the max guards waiters against a late report anyway.
   */
  set(name: string, position: bigint): void {
    if (position <= this.get(name)) return;
    this.positions.set(name, position);
    this.advanced.emit('advance');
  }

  private reached(names: readonly string[], position: bigint): boolean {
    return names.every((name) => this.get(name) >= position);
  }

  waitFor(names: readonly string[], position: bigint | null, timeoutMs = this.timeoutMs): Promise<void> {
    const unknown = names.find((name) => !this.positions.has(name));
    if (unknown !== undefined) return Promise.reject(new Error(`Unknown projection ${unknown}`));
    if (position === null || this.reached(names, position)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAdvance = () => {
        if (!this.reached(names, position)) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new ProjectionTimeoutError(names, position, timeoutMs));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.advanced.off('advance', onAdvance);
      };
      this.advanced.on('advance', onAdvance);
    });
  }
}
