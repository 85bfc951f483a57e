import type { CommandContext } from '../commands/handleCommand.js';
import type { RecordedEvent } from '../eventstore/eventStore.js';

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
