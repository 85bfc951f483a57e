import { assertNever, badRequest } from '../shared/errors.js';
import type { BackupCommand, RequestBackup } from './commands.js';
import type { BackupEvent } from './events.js';

/** Pleroma's `[Pleroma.User.Backup, :limit_days]` and `:purge_after_days` defaults. */
export const BACKUP_LIMIT_DAYS = 7;
export const BACKUP_PURGE_AFTER_DAYS = 30;
/** Attempts at building one archive before it is given up (Pleroma: one, with a 30-minute timeout). */
export const BACKUP_MAX_ATTEMPTS = 3;

const DAY_MS = 86_400_000;

/** Pleroma's dngettext of the limit, exactly. */
export const backupLimitMessage = (days: number) =>
  days === 1 ? 'Last export was less than a day ago' : `Last export was less than ${days} days ago`;

export interface BackupEntry {
  backupId: string;
  fileName: string;
  /** ISO 8601. */
  requestedAt: string;
  status: 'pending' | 'completed' | 'failed';
  attempts: number;
  key: string | null;
  purged: boolean;
}

/** An account's backups, oldest first. */
export interface BackupsState {
  accountId: string | null;
  backups: BackupEntry[];
}

export const initialBackupsState: BackupsState = { accountId: null, backups: [] };

const update = (state: BackupsState, backupId: string, change: Partial<BackupEntry>): BackupsState => ({
  ...state,
  backups: state.backups.map((entry) => (entry.backupId === backupId ? { ...entry, ...change } : entry)),
});

export function evolveBackups(state: BackupsState, event: BackupEvent): BackupsState {
  switch (event.type) {
    case 'BackupRequested': {
      const { backupId, accountId, fileName, requestedAt } = event.data;
      const entry: BackupEntry = {
        backupId,
        fileName,
        requestedAt,
        status: 'pending',
        attempts: 0,
        key: null,
        purged: false,
      };
      return { accountId, backups: [...state.backups, entry] };
    }
    case 'BackupAttemptStarted':
      return update(state, event.data.backupId, { attempts: event.data.attempt });
    case 'BackupCompleted':
      return update(state, event.data.backupId, { status: 'completed', key: event.data.key });
    case 'BackupFailed':
      return update(state, event.data.backupId, { status: 'failed', attempts: event.data.attempts });
    case 'BackupPurged':
      return update(state, event.data.backupId, { purged: true });
    default:
      return assertNever(event);
  }
}

/** Pleroma's permitted?: the whole days since the last request (of any state) must exceed the limit. */
export function backupPermitted(state: BackupsState, now: Date, limitDays = BACKUP_LIMIT_DAYS): boolean {
  const last = state.backups.at(-1);
  if (!last) return true;
  return Math.floor((now.getTime() - Date.parse(last.requestedAt)) / DAY_MS) > limitDays;
}

function request(command: RequestBackup, state: BackupsState): BackupEvent[] {
  if (state.backups.some((entry) => entry.backupId === command.backupId)) return [];
  if (!backupPermitted(state, command.now)) throw badRequest(backupLimitMessage(BACKUP_LIMIT_DAYS));
  const { backupId, accountId, fileName, now } = command;
  return [
    { type: 'BackupRequested', data: { backupId, accountId, fileName, requestedAt: now.toISOString() } },
  ];
}

/** Every command but the request is idempotent: repeated by a resumed process, it appends nothing new. */
export function decideBackups(command: BackupCommand, state: BackupsState): BackupEvent[] {
  if (command.type === 'RequestBackup') return request(command, state);
  const entry = state.backups.find((candidate) => candidate.backupId === command.backupId);
  if (!entry || state.accountId === null) return [];
  const { backupId } = entry;
  const accountId = state.accountId;
  const pending = entry.status === 'pending' && !entry.purged;
  switch (command.type) {
    case 'StartBackupAttempt':
      if (!pending) return [];
      if (entry.attempts >= command.maxAttempts) {
        const data = { backupId, accountId, attempts: entry.attempts, reason: 'too many attempts' };
        return [{ type: 'BackupFailed', data }];
      }
      return [{ type: 'BackupAttemptStarted', data: { backupId, accountId, attempt: entry.attempts + 1 } }];
    case 'CompleteBackup': {
      if (!pending) return [];
      const { key, fileSize, now } = command;
      const data = { backupId, accountId, key, fileSize, completedAt: now.toISOString() };
      return [{ type: 'BackupCompleted', data }];
    }
    case 'FailBackup':
      if (!pending) return [];
      return [
        {
          type: 'BackupFailed',
          data: { backupId, accountId, attempts: entry.attempts, reason: command.reason },
        },
      ];
    case 'PurgeBackup':
      if (entry.purged) return [];
      return [{ type: 'BackupPurged', data: { backupId, accountId, reason: command.reason } }];
    default:
      return assertNever(command);
  }
}
