import type { AppDeps } from '../api/deps.js';
import { backupArchive } from '../backups/archive.js';
import { accountBackupParts } from '../backups/sources.js';
import { type CommandContext, handleCommand } from '../commands/handleCommand.js';
import {
  BACKUP_MAX_ATTEMPTS,
  type BackupCommand,
  type BackupCompleted,
  type BackupRequested,
  type BackupsState,
  backupKey,
  backupsDecider,
  backupsStream,
} from '../domain/backup/index.js';
import { fold } from '../domain/shared/decider.js';
import type { RecordedEvent } from '../eventstore/eventStore.js';
import { backupReadyMail } from '../mail/templates.js';
import { findAccountById } from '../projections/accounts/queries.js';
import { FAVOURITES_PROJECTOR } from '../projections/favourites/projector.js';
import { RELATIONSHIPS_PROJECTOR } from '../projections/relationships/projector.js';
import { STATUSES_PROJECTOR } from '../projections/statuses/projector.js';
import { storageOf } from '../storage/index.js';
import { type Process, processContext } from './process.js';

export const BACKUPS = 'backups';
/** Pleroma's `[Pleroma.User.Backup, :timeout]`: an attempt still running after this fails. */
export const BACKUP_TIMEOUT_MS = 30 * 60_000;
/** What a backup reads: everything it holds must include the request. */
const SOURCES = [STATUSES_PROJECTOR, FAVOURITES_PROJECTOR, RELATIONSHIPS_PROJECTOR];

export type BackupsDeps = Pick<
  AppDeps,
  'db' | 'eventStore' | 'projections' | 'clock' | 'logger' | 'config' | 'keys' | 'mailer' | 'storage'
>;

type Step = (name: string) => CommandContext;

export async function loadBackups(
  deps: Pick<AppDeps, 'eventStore'>,
  accountId: string,
): Promise<BackupsState> {
  return fold(backupsDecider, (await deps.eventStore.readStream(backupsStream(accountId))) as never);
}

export const recordBackup = (
  deps: Pick<AppDeps, 'eventStore'>,
  accountId: string,
  command: BackupCommand,
  context: CommandContext,
) => handleCommand(deps.eventStore, backupsStream(accountId), backupsDecider, command, context);

/** Streams the archive into the storage; a source failing or the timeout passing stores nothing. */
async function storeArchive(deps: BackupsDeps, event: RecordedEvent & BackupRequested, fileName: string) {
  const account = await findAccountById(deps.db, event.data.accountId);
  if (!account) throw new Error('the account is not in the accounts read model');
  const archive = backupArchive(accountBackupParts(deps, account), new Date(event.data.requestedAt));
  const timer = setTimeout(() => archive.destroy(new Error('the backup timed out')), BACKUP_TIMEOUT_MS);
  try {
    const key = backupKey(fileName);
    const { size } = await storageOf(deps).putStream(key, archive, 'application/zip');
    return { key, size };
  } finally {
    clearTimeout(timer);
    // A storage that failed without reading it all: nothing goes on reading the read models for it.
    archive.destroy();
  }
}

/**
 * §10's processing, resumable: each attempt is recorded before it starts, so a crash mid-way (the process
 * stopped, the server killed) shows as one more attempt when the request is handled again, and past
 * BACKUP_MAX_ATTEMPTS the backup fails rather than staying pending. An error retries (the runner backs off)
 * until the last attempt, which records BackupFailed.
 */
async function build(deps: BackupsDeps, event: RecordedEvent & BackupRequested): Promise<void> {
  const { backupId, accountId } = event.data;
  const step: Step = (name) => processContext(event, name, deps.clock());
  // Before the attempt is counted: read models lagging behind are no reason to give a backup up.
  await deps.projections.waitFor(SOURCES, event.position);
  const entry = (await loadBackups(deps, accountId)).backups.find((b) => b.backupId === backupId);
  if (entry?.status !== 'pending' || entry.purged) return;
  const attempt = entry.attempts + 1;
  const command = { type: 'StartBackupAttempt', backupId, maxAttempts: BACKUP_MAX_ATTEMPTS } as const;
  const started = await recordBackup(deps, accountId, command, step(`attempt-${attempt}`));
  if (!started.events.some((e) => e.type === 'BackupAttemptStarted')) return; // given up, or done already
  const log = deps.logger.child({ process: BACKUPS, backupId, attempt });
  try {
    const { key, size } = await storeArchive(deps, event, entry.fileName);
    const complete = { type: 'CompleteBackup', backupId, key, fileSize: size, now: deps.clock() } as const;
    await recordBackup(deps, accountId, complete, step('complete'));
    log.info({ size }, 'backup stored');
  } catch (error) {
    log.error({ err: error }, 'backup attempt failed');
    if (attempt < BACKUP_MAX_ATTEMPTS) throw error;
    const reason = error instanceof Error ? error.message : 'failed';
    await recordBackup(deps, accountId, { type: 'FailBackup', backupId, reason }, step('fail'));
  }
}

/** Deletes an archive and records the purge; both may be repeated. */
export async function purgeBackup(
  deps: Pick<BackupsDeps, 'eventStore' | 'config' | 'storage'>,
  accountId: string,
  backup: { backupId: string; fileName: string },
  reason: 'expired' | 'superseded' | 'account_deleted',
  context: CommandContext,
) {
  await storageOf(deps).delete(backupKey(backup.fileName));
  return recordBackup(deps, accountId, { type: 'PurgeBackup', backupId: backup.backupId, reason }, context);
}

/** Once stored: the account's older backups go (Pleroma's remove_outdated), and the owner hears by mail. */
async function completed(deps: BackupsDeps, event: RecordedEvent & BackupCompleted): Promise<void> {
  const { backupId, accountId, key } = event.data;
  const step: Step = (name) => processContext(event, name, deps.clock());
  const state = await loadBackups(deps, accountId);
  const index = state.backups.findIndex((b) => b.backupId === backupId);
  for (const older of state.backups.slice(0, Math.max(index, 0))) {
    if (!older.purged)
      await purgeBackup(deps, accountId, older, 'superseded', step(`purge-${older.backupId}`));
  }
  const account = await findAccountById(deps.db, accountId);
  const email = account?.emailEncrypted ? await deps.keys.decrypt(accountId, account.emailEncrypted) : null;
  if (!email) return;
  try {
    await deps.mailer.send(backupReadyMail(email, storageOf(deps).url(key)));
  } catch (error) {
    // The archive is there either way, listed with its URL; a lost mail is not worth blocking other backups.
    deps.logger.error({ err: error, process: BACKUPS, backupId }, 'backup mail could not be sent');
  }
}

/** Builds requested backups and tidies up after completed ones (§10), resumably (see Process). */
export function backupsProcess(deps: BackupsDeps): Process {
  return {
    name: BACKUPS,
    version: 1,
    handles: ['BackupRequested', 'BackupCompleted'],
    async react(recorded) {
      const event = recorded as RecordedEvent & (BackupRequested | BackupCompleted);
      if (event.type === 'BackupRequested') return build(deps, event);
      return completed(deps, event);
    },
  };
}
