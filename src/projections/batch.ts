import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from './projector.js';

export const DEFAULT_BATCH_SIZE = 500;

/** The events a projector handles after `after`, and the position its checkpoint may move to once they are applied. */
export interface Batch {
  events: RecordedEvent[];
  /** Greater than `after` when there is anything to do, even if `events` is empty (only unhandled events). */
  to: bigint;
}

/**
 * Reads the next batch with the store filtering by type. The checkpoint must still move past events the
 * projector ignores, or waitFor would never see it reach a position written by another area. So:
 * - a full batch ends at its last event (more handled events may follow);
 * - a short batch means every handled event up to the head is in it, so the checkpoint may move to the head.
 *   The head is read *before* the events: anything visible then is visible to the read that follows.
 */
export async function readBatch(
  store: EventStore,
  projector: Pick<Projector, 'handles'>,
  after: bigint,
  maxCount: number,
): Promise<Batch> {
  const head = await store.headPosition();
  if (head <= after) return { events: [], to: after };
  // An empty filter could mean "every type" to an adapter; a projector that handles nothing reads nothing.
  const events =
    projector.handles.length === 0
      ? []
      : await store.readAll({ after, maxCount, eventTypes: projector.handles });
  const last = events.at(-1)?.position;
  if (last !== undefined && events.length >= maxCount) return { events, to: last };
  return { events, to: last !== undefined && last > head ? last : head };
}

/** A projector threw on an event: says which, so logs and the CLI can name it. */
export class ProjectionApplyError extends Error {
  constructor(
    readonly projector: string,
    readonly event: Pick<RecordedEvent, 'id' | 'type' | 'position' | 'stream'>,
    cause: unknown,
  ) {
    super(
      `Projection ${projector} failed on event ${event.id} (${event.type} at ${event.position}): ${String(
        cause instanceof Error ? cause.message : cause,
      )}`,
      { cause },
    );
    this.name = 'ProjectionApplyError';
  }
}

export async function applyEvents(
  trx: Knex.Transaction,
  projector: Projector,
  events: readonly RecordedEvent[],
  tables: ProjectionTables,
): Promise<void> {
  for (const event of events) {
    try {
      await projector.apply(trx, event, tables);
    } catch (error) {
      throw new ProjectionApplyError(projector.name, event, error);
    }
  }
}
