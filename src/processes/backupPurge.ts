import { BACKUP_PURGE_AFTER_DAYS } from '../domain/backup/index.js';
import { BACKUPS_PROJECTOR } from '../projections/backups/projector.js';
import { backupsRequestedBefore } from '../projections/backups/queries.js';
import { type BackupsDeps, purgeBackup } from './backups.js';
import { startSweeper, sweepContext } from './sweeper.js';

/** How often the sweep runs: archives live 30 days, an hour more or less does not matter. */
export const BACKUP_SWEEP_INTERVAL_MS = 60 * 60_000;
const SWEEP_BATCH = 100;
const DAY_MS = 86_400_000;

type SweepDeps = Pick<
  BackupsDeps,
  'db' | 'eventStore' | 'projections' | 'clock' | 'logger' | 'config' | 'storage'
>;

/**
 * Pleroma schedules each archive's deletion `purge_after_days` after it was requested; Annals sweeps instead:
 * every backup requested that long ago (stored, failed or still pending) loses its file and is recorded
 * BackupPurged. Answers how many were purged.
 */
export async function purgeExpiredBackups(deps: SweepDeps): Promise<number> {
  const now = deps.clock();
  const before = new Date(now.getTime() - BACKUP_PURGE_AFTER_DAYS * DAY_MS);
  let purged = 0;
  for (;;) {
    const expired = await backupsRequestedBefore(deps.db, before, SWEEP_BATCH);
    let position: bigint | null = null;
    for (const backup of expired) {
      const entry = { backupId: backup.id, fileName: backup.fileName };
      const result = await purgeBackup(
        deps,
        backup.accountId,
        entry,
        'expired',
        sweepContext('backup-purge', backup.id, null, now),
      );
      position = result.position ?? position;
      purged += 1;
    }
    // The read model shows these purged before the next batch is read (or it would name them again), and
    // before the caller reads it.
    await deps.projections.waitFor([BACKUPS_PROJECTOR], position);
    // Nothing new recorded: the rest were purged already (by a sweep running beside this one).
    if (expired.length < SWEEP_BATCH || position === null) return purged;
  }
}

/** Runs the sweep now and then every `intervalMs` (main.ts). */
export const startBackupSweeper = (deps: SweepDeps, intervalMs = BACKUP_SWEEP_INTERVAL_MS) =>
  startSweeper(() => purgeExpiredBackups(deps), {
    intervalMs,
    logger: deps.logger,
    done: 'expired backups purged',
    failed: 'backup sweep failed',
  });
