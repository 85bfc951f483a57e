import { backupKey } from '../../domain/backup/events.js';
import type { BackupRecord } from '../../projections/backups/queries.js';
import type { Backup } from '../entities/backup.js';

/** Mastodon's dates: whole seconds, `.000Z` (Pleroma's to_masto_date). */
const mastoDate = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

/**
 * §10.2, in Pleroma's key order. `url` is where the archive is (or will be) served; `processed` only once
 * stored, so a failed backup stays unprocessed as in Pleroma. Ids are strings, as every Annals id: they are
 * 64-bit and would lose digits as JSON numbers. Pure.
 */
export function renderBackup(backup: BackupRecord, url: (key: string) => string): Backup {
  return {
    id: backup.id,
    content_type: 'application/zip',
    url: url(backupKey(backup.fileName)),
    file_size: backup.fileSize,
    processed: backup.state === 'completed',
    inserted_at: mastoDate(backup.insertedAt),
  };
}
