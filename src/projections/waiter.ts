/** What use cases and HTTP handlers need from the projection engine: read-your-writes. */
export interface ProjectionWaiter {
  /**
   * Resolves once every named projector has processed the global position (null: nothing was appended).
   * Rejects with ProjectionTimeoutError past the configured bound; the write is kept.
   */
  waitFor(projectorNames: readonly string[], position: bigint | null): Promise<void>;
}

export class ProjectionTimeoutError extends Error {
  constructor(
    readonly projectorNames: readonly string[],
    readonly position: bigint,
  ) {
    super(`Projections ${projectorNames.join(', ')} did not reach position ${position} in time`);
    this.name = 'ProjectionTimeoutError';
  }
}
