import type { DomainEvent } from '../shared/decider.js';

/**
 * §10: an account's backups, all on one stream `backups-<accountId>`, so the 7-day limit is decided against
 * every earlier request (two requests at once cannot both pass). The backups process builds each archive.
 */
export interface BackupRequestedData {
  backupId: string;
  accountId: string;
  /** `archive-<nickname>-<YYYYMMDDTHHMMSS>-<43 random url-safe characters>.zip`, as Pleroma names them. */
  fileName: string;
  /** ISO 8601. */
  requestedAt: string;
}

export type BackupRequested = DomainEvent<'BackupRequested', BackupRequestedData>;
/** The process began building the archive, for the `attempt`-th time (a crash or an error means another). */
export type BackupAttemptStarted = DomainEvent<
  'BackupAttemptStarted',
  { backupId: string; accountId: string; attempt: number }
>;
/** The archive is stored under `key` in the media storage; `fileSize` in bytes. */
export type BackupCompleted = DomainEvent<
  'BackupCompleted',
  { backupId: string; accountId: string; key: string; fileSize: number; completedAt: string }
>;
/** Given up after `attempts` attempts; `reason` names the failure without any of the account's data. */
export type BackupFailed = DomainEvent<
  'BackupFailed',
  { backupId: string; accountId: string; attempts: number; reason: string }
>;
/** The archive (if any) was deleted and the backup forgotten: 30 days old, a newer one completed, or its account deleted. */
export type BackupPurged = DomainEvent<
  'BackupPurged',
  { backupId: string; accountId: string; reason: 'expired' | 'superseded' | 'account_deleted' }
>;

export type BackupEvent =
  | BackupRequested
  | BackupAttemptStarted
  | BackupCompleted
  | BackupFailed
  | BackupPurged;

export const backupEventTypes = [
  'BackupRequested',
  'BackupAttemptStarted',
  'BackupCompleted',
  'BackupFailed',
  'BackupPurged',
] as const satisfies readonly BackupEvent['type'][];

export const backupsStream = (accountId: string) => `backups-${accountId}`;

/** Where an archive is kept in the media storage (Pleroma: `<uploads>/backups/<file_name>`). */
export const backupKey = (fileName: string) => `backups/${fileName}`;
