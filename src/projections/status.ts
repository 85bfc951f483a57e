import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/eventStore.js';
import { readCheckpoints } from './checkpoints.js';
import { countEvents } from './eventCount.js';
import { rebuildRunning } from './locks.js';
import type { Projector } from './projector.js';

export type ProjectionState = 'live' | 'rebuilding' | 'outdated' | 'new';

export interface ProjectionStatus {
  name: string;
  /** The version the live tables were built with (the code's version when there are none yet). */
  version: number;
  /** The version in this code: differs from `version` until the pending rebuild swaps in. */
  codeVersion: number;
  /** Global position the live tables include. */
  position: bigint;
  /** Events in the log after the checkpoint, whatever their type: what the runner still has to go through. */
  behind: number;
  /** Seconds since the oldest event not yet processed was recorded; 0 when caught up. */
  lagSeconds: number;
  state: ProjectionState;
  lastError: string | null;
}

async function lagSeconds(eventStore: EventStore, after: bigint, now: Date): Promise<number> {
  const [oldest] = await eventStore.readAll({ after, maxCount: 1 });
  if (!oldest) return 0;
  const recorded = Date.parse(oldest.metadata.time);
  return Number.isNaN(recorded) ? 0 : Math.max(0, (now.getTime() - recorded) / 1000);
}

/** One entry per projector, in the registry's order. */
export async function projectionStatuses(
  db: Knex,
  eventStore: EventStore,
  projectors: readonly Projector[],
  now: Date = new Date(),
): Promise<ProjectionStatus[]> {
  const checkpoints = await readCheckpoints(db);
  const head = await eventStore.headPosition();
  const statuses: ProjectionStatus[] = [];
  for (const projector of projectors) {
    const checkpoint = checkpoints.get(projector.name);
    const position = checkpoint?.position ?? 0n;
    const version = checkpoint?.version ?? projector.version;
    const state: ProjectionState = !checkpoint
      ? 'new'
      : (await rebuildRunning(db, projector.name))
        ? 'rebuilding'
        : version !== projector.version
          ? 'outdated'
          : 'live';
    statuses.push({
      name: projector.name,
      version,
      codeVersion: projector.version,
      position,
      behind: await countEvents(db, eventStore, { after: position, upTo: head }),
      lagSeconds: await lagSeconds(eventStore, position, now),
      state,
      lastError: checkpoint?.lastError ?? null,
    });
  }
  return statuses;
}
