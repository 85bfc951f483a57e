import type { CommandContext } from '../commands/handleCommand.js';
import { BACKUP_PURGE_AFTER_DAYS } from '../domain/backup/index.js';
import { BACKUPS_PROJECTOR } from '../projections/backups/projector.js';
import { backupsRequestedBefore } from '../projections/backups/queries.js';
import { type BackupsDeps, purgeBackup } from './backups.js';

/** How often the sweep runs: archives live 30 days, an hour more or less does not matter. */
export const BACKUP_SWEEP_INTERVAL_MS = 60 * 60_000;
const SWEEP_BATCH = 100;
const DAY_MS = 86_400_000;

type SweepDeps = Pick<
  BackupsDeps,
  'db' | 'eventStore' | 'projections' | 'clock' | 'logger' | 'config' | 'storage'
>;

/** A purge's command id depends on the backup only, so sweeps running at once append it once. */
const purgeContext = (backupId: string, time: Date): CommandContext => ({
  commandId: `backup-purge/${backupId}`,
  actor: null,
  correlationId: `backup-purge/${backupId}`,
  causationId: null,
  time,
});

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
        purgeContext(backup.id, now),
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

/** Runs the sweep now and then every `intervalMs` (main.ts); a failed sweep is logged and tried next time. */
export function startBackupSweeper(deps: SweepDeps, intervalMs = BACKUP_SWEEP_INTERVAL_MS) {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = purgeExpiredBackups(deps)
      .then((count) => count > 0 && deps.logger.info({ count }, 'expired backups purged'))
      .catch((error) => deps.logger.error({ err: error }, 'backup sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
