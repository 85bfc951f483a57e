import type { Knex } from 'knex';

/** The only code that reads the backups read model (practice 7). */

export interface BackupRecord {
  id: string;
  accountId: string;
  fileName: string;
  /** Where the archive is stored, once completed. */
  key: string | null;
  fileSize: number;
  state: 'pending' | 'completed' | 'failed';
  attempts: number;
  insertedAt: Date;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): BackupRecord {
  return {
    id: String(row.id),
    accountId: row.account_id as string,
    fileName: row.file_name as string,
    key: row.storage_key as string | null,
    fileSize: Number(row.file_size),
    state: row.state as BackupRecord['state'],
    attempts: row.attempts as number,
    insertedAt: row.inserted_at as Date,
  };
}

/** GET /api/v1/pleroma/backups: the account's backups not purged, newest first. */
export async function listBackups(db: Knex, accountId: string): Promise<BackupRecord[]> {
  const rows: Row[] = await db('backups')
    .where({ account_id: accountId, purged: false })
    .orderBy('id', 'desc');
  return rows.map(toRecord);
}

/** Backups not purged that were requested at or before `before`, oldest first: what the sweep purges. */
export async function backupsRequestedBefore(db: Knex, before: Date, limit: number): Promise<BackupRecord[]> {
  const rows: Row[] = await db('backups')
    .where({ purged: false })
    .where('inserted_at', '<=', before)
    .orderBy('inserted_at')
    .limit(limit);
  return rows.map(toRecord);
}
