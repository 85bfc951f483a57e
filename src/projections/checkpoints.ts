import type { Knex } from 'knex';

/**
 * The `projection_checkpoints` rows (migration 002). A row states which position a projector's live tables
 * include and which projector version built them; it only ever changes in the same transaction as the rows
 * it describes.
 */
const TABLE = 'projection_checkpoints';

export type CheckpointStatus = 'live' | 'rebuilding';

export interface Checkpoint {
  name: string;
  version: number;
  position: bigint;
  status: CheckpointStatus;
  lastError: string | null;
  updatedAt: Date;
}

interface CheckpointRow {
  name: string;
  version: number;
  position: string;
  status: CheckpointStatus;
  last_error: string | null;
  updated_at: Date;
}

const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  name: row.name,
  version: row.version,
  position: BigInt(row.position),
  status: row.status,
  lastError: row.last_error,
  updatedAt: row.updated_at,
});

export async function readCheckpoint(db: Knex, name: string): Promise<Checkpoint | undefined> {
  const row = await db<CheckpointRow>(TABLE).where({ name }).first();
  return row ? toCheckpoint(row) : undefined;
}

/** Tables rebuilt by a process running another version of this projector: this process must not write to them. */
export class ProjectionVersionChanged extends Error {
  constructor(readonly stored: number) {
    super(
      'projection rebuilt with another version by another process; stopping this runner (restart to follow)',
    );
  }
}

/** The position the projector's live tables include, as its row says; refuses tables of another version. */
export async function storedPosition(db: Knex, name: string, version: number): Promise<bigint> {
  const checkpoint = await readCheckpoint(db, name);
  if (!checkpoint) throw new Error(`Checkpoint of ${name} is missing`);
  if (checkpoint.version !== version) throw new ProjectionVersionChanged(checkpoint.version);
  return checkpoint.position;
}

export async function readCheckpoints(db: Knex): Promise<Map<string, Checkpoint>> {
  const rows = await db<CheckpointRow>(TABLE).select();
  return new Map(rows.map((row) => [row.name, toCheckpoint(row)]));
}

/** Fresh live tables: position 0 for this version (insert, or reset a row whose tables were lost). */
export async function resetCheckpoint(trx: Knex, name: string, version: number): Promise<void> {
  await trx(TABLE)
    .insert({ name, version, position: '0', status: 'live', last_error: null, updated_at: trx.fn.now() })
    .onConflict('name')
    .merge();
}

/**
 * Compare-and-set: moves the checkpoint from `from` to `to` only if it is still at `from` with this version.
 * False means another runner (another process, or a rebuild's swap) moved it: the caller must re-read.
 * One statement: a transaction is needed only to move it together with other writes.
 */
export async function advanceCheckpoint(
  trx: Knex,
  name: string,
  version: number,
  from: bigint,
  to: bigint,
): Promise<boolean> {
  const updated = await trx(TABLE)
    .where({ name, version, position: from.toString() })
    .update({ position: to.toString(), last_error: null, updated_at: trx.fn.now() });
  return updated === 1;
}

/** After a rebuild's swap: the new live tables hold everything up to `position`, built by `version`. */
export async function setRebuiltCheckpoint(
  trx: Knex.Transaction,
  name: string,
  version: number,
  position: bigint,
): Promise<void> {
  await trx(TABLE).where({ name }).update({
    version,
    position: position.toString(),
    status: 'live',
    last_error: null,
    updated_at: trx.fn.now(),
  });
}

export async function setCheckpointStatus(
  db: Knex,
  name: string,
  status: CheckpointStatus,
  lastError: string | null = null,
): Promise<void> {
  await db(TABLE).where({ name }).update({ status, last_error: lastError, updated_at: db.fn.now() });
}

/** Shown by `annals projections status`; best effort, the runner is already logging the failure. */
export async function recordCheckpointError(db: Knex, name: string, message: string): Promise<void> {
  await db(TABLE)
    .where({ name })
    .update({ last_error: message.slice(0, 2000) });
}
