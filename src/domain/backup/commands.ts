/** POST /api/v1/pleroma/backups. The file name's random part and the time arrive on the command. */
export interface RequestBackup {
  type: 'RequestBackup';
  backupId: string;
  accountId: string;
  fileName: string;
  now: Date;
}

/** The process is about to build the archive; past `maxAttempts` the backup fails instead. */
export interface StartBackupAttempt {
  type: 'StartBackupAttempt';
  backupId: string;
  maxAttempts: number;
}

export interface CompleteBackup {
  type: 'CompleteBackup';
  backupId: string;
  key: string;
  fileSize: number;
  now: Date;
}

export interface FailBackup {
  type: 'FailBackup';
  backupId: string;
  reason: string;
}

export interface PurgeBackup {
  type: 'PurgeBackup';
  backupId: string;
  reason: 'expired' | 'superseded' | 'account_deleted';
}

export type BackupCommand = RequestBackup | StartBackupAttempt | CompleteBackup | FailBackup | PurgeBackup;
