import type { Knex } from 'knex';
import { type Checkpoint, readCheckpoint, resetCheckpoint } from './checkpoints.js';
import { applyLock } from './locks.js';
import { liveTables, type Projector } from './projector.js';
import { dropTables, missingTables } from './tables.js';

/**
 * Makes sure a projector has live tables and a checkpoint row describing them. First start: create the
 * tables and start at position 0. Tables lost (or a row lost) since: the two no longer describe each other,
 * so start over from 0 with fresh tables. Under the apply lock, so the server and the CLI starting together
 * do not both create. A row with another version is left alone: the caller decides to rebuild.
 */
export async function ensureProjection(db: Knex, projector: Projector): Promise<Checkpoint> {
  await db.transaction(async (trx) => {
    await applyLock(trx, projector.name);
    const live = projector.tables.map((name) => liveTables.table(name));
    const missing = await missingTables(trx, live);
    const checkpoint = await readCheckpoint(trx, projector.name);
    if (checkpoint && missing.length === 0) return;
    await dropTables(trx, live);
    await projector.createTables(trx, liveTables);
    await resetCheckpoint(trx, projector.name, projector.version);
  });
  const checkpoint = await readCheckpoint(db, projector.name);
  if (!checkpoint) throw new Error(`Checkpoint of ${projector.name} vanished`);
  return checkpoint;
}
