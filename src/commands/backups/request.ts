import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../api/deps.js';
import { backupFileName, backupsDecider, backupsStream } from '../../domain/backup/index.js';
import { notFound } from '../../domain/shared/errors.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import { BACKUPS_PROJECTOR } from '../../projections/backups/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

/**
 * §10.1: records BackupRequested unless the account's last backup is too recent (400 with Pleroma's text);
 * the backups process builds the archive. Resolves once the backups read model shows the request.
 */
export async function requestBackup(
  deps: Pick<AppDeps, 'db' | 'eventStore' | 'projections' | 'ids'>,
  accountId: string,
  context: CommandContext,
): Promise<void> {
  const account = await findAccountById(deps.db, accountId);
  if (!account) throw notFound();
  const command = {
    type: 'RequestBackup',
    backupId: deps.ids.next(),
    accountId,
    fileName: backupFileName(account.nickname, context.time, randomBytes(32)),
    now: context.time,
  } as const;
  const result = await handleCommand(
    deps.eventStore,
    backupsStream(accountId),
    backupsDecider,
    command,
    context,
  );
  await deps.projections.waitFor([BACKUPS_PROJECTOR], result.position);
}
