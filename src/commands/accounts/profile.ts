import { accountDecider, accountStream, type ProfileChanges } from '../../domain/account/index.js';
import { notFound } from '../../domain/shared/errors.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import { type AccountRecord, findAccountById } from '../../projections/accounts/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { AccountCommandDeps } from './deps.js';
import { type ProfileEmojiDeps, withProfileEmoji } from './profileEmoji.js';

type Deps = Pick<AccountCommandDeps, 'db' | 'eventStore' | 'projections'>;

async function readBack(deps: Deps, accountId: string, position: bigint | null): Promise<AccountRecord> {
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], position);
  const account = await findAccountById(deps.db, accountId);
  if (!account) throw notFound();
  return account;
}

/**
 * A profile update without pictures (update_credentials is updateProfileWithImages): appends what changed
 * (nothing when nothing did) and returns the projected account.
 */
export async function updateProfile(
  deps: Deps & ProfileEmojiDeps,
  accountId: string,
  changes: ProfileChanges,
  context: CommandContext,
): Promise<AccountRecord> {
  const command = {
    type: 'UpdateProfile',
    changes: await withProfileEmoji(deps, accountId, changes),
  } as const;
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    command,
    context,
  );
  return readBack(deps, accountId, result.position);
}

export async function grantAdmin(
  deps: Deps,
  accountId: string,
  context: CommandContext,
): Promise<AccountRecord> {
  const command = { type: 'GrantAdminRole' } as const;
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    command,
    context,
  );
  return readBack(deps, accountId, result.position);
}
