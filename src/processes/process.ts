import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CommandContext } from '../commands/handleCommand.js';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import { createProjectionEngine, type ProjectionEngine } from '../projections/engine.js';
import type { Projector } from '../projections/projector.js';

/**
 * A process (a reactor): it follows the log like a projector, with a checkpoint of its own, and turns the
 * events it handles into further commands. The checkpoint moves only once `react` has finished, so a crash
 * or a failure means the event is handled again: `react` must be idempotent, which commands whose ids derive
 * from the event's (processContext) are: a repeated command appends nothing twice.
 */
export interface Process {
  readonly name: string;
  /** Bump to run the process over the whole log again. */
  readonly version: number;
  readonly handles: readonly string[];
  react(event: RecordedEvent): Promise<void>;
}

/** Checkpoint names of processes are prefixed, so they never collide with a read model's. */
export const processCheckpointName = (name: string) => `process:${name}`;

/**
 * The projection runner does the following, batching, retries and locking; a process is a projector with
 * no tables whose `apply` reacts. Its commands go through the event store, outside the checkpoint's
 * transaction: hence the idempotence above.
 */
function asProjector(process: Process): Projector {
  return {
    name: processCheckpointName(process.name),
    version: process.version,
    handles: process.handles,
    tables: [],
    createTables: async () => undefined,
    apply: (_trx, event) => process.react(event),
  };
}

/** The command context of one step of a reaction: deterministic ids, caused by the event. */
export function processContext(event: RecordedEvent, step: string, time: Date): CommandContext {
  return {
    commandId: `${event.id}/${step}`,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    causationId: event.id,
    time,
  };
}

/** The processes' own engine: started after the read models' (processes wait on those), stopped before. */
export function createProcessEngine(options: {
  db: Knex;
  eventStore: EventStore;
  logger: Logger;
  processes: readonly Process[];
  waitTimeoutMs?: number;
}): ProjectionEngine {
  return createProjectionEngine({
    db: options.db,
    eventStore: options.eventStore,
    logger: options.logger.child({ component: 'processes' }),
    projectors: options.processes.map(asProjector),
    waitTimeoutMs: options.waitTimeoutMs,
  });
}
