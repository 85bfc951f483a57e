import type { RecordedEvent } from '../eventstore/eventStore.js';

/** What use cases and HTTP handlers need from the projection engine: read-your-writes. */
export interface ProjectionWaiter {
  /**
   * Resolves once every named projector has processed the global position (null: nothing was appended).
   * Rejects with ProjectionTimeoutError past the configured bound; the write is kept.
   */
  waitFor(projectorNames: readonly string[], position: bigint | null): Promise<void>;
}

/** What a cache of read models needs from the projection engine (engine.ts says more). */
export interface ProjectionWatch {
  /** The position this process knows the projector's live tables have reached (-1: not usable yet). */
  position(projectorName: string): bigint;
  /** Every new event, before any projector of this process applies it; answers how to stop. */
  watch(listener: (event: RecordedEvent) => void): () => void;
  /**
   * Watchers hear of the events after this position only: those up to it were in the log when the engine
   * started (projectors may still be catching up with them). Undefined until the engine has started.
   */
  watchedAfter(): bigint | undefined;
}

/**
 * The projections did not reach the position in time. The write is kept (it is in the log and will be
 * projected); the HTTP layer answers 503 with Retry-After.
 */
export class ProjectionTimeoutError extends Error {
  constructor(
    readonly projectorNames: readonly string[],
    readonly position: bigint,
    readonly timeoutMs?: number,
  ) {
    super(
      `Projections ${projectorNames.join(', ')} did not reach position ${position} ${timeoutMs === undefined ? 'in time' : `within ${timeoutMs} ms`}`,
    );
    this.name = 'ProjectionTimeoutError';
  }
}
