import { accountDecider, accountStream } from '../../domain/account/index.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import { ALIASES_PROJECTOR } from '../../projections/aliases/projector.js';
import { SETTINGS_PROJECTOR } from '../../projections/settings/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { AccountCommandDeps } from './deps.js';
import { requirePassword } from './passwords.js';

type Deps = Pick<AccountCommandDeps, 'db' | 'keys' | 'eventStore' | 'projections'>;

/**
 * POST /api/pleroma/delete_account (§1.7): with the right password, AccountDeleted; then the account's key
 * is destroyed, so its address, password hash and settings in every earlier event are unreadable for good
 * (the audit trail keeps the facts, shredded). The read models purge themselves on the event; the
 * account-lifecycle process revokes the tokens and frees the address. The nickname stays taken.
 */
export async function deleteAccount(
  deps: Deps,
  accountId: string,
  password: string | undefined,
  context: CommandContext,
): Promise<void> {
  await requirePassword(deps, accountId, password);
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    { type: 'DeleteAccount' },
    context,
  );
  await deps.keys.destroyKey(accountId);
  await deps.projections.waitFor(
    [ACCOUNTS_PROJECTOR, ALIASES_PROJECTOR, SETTINGS_PROJECTOR],
    result.position,
  );
}

/**
 * POST /api/pleroma/disable_account (§1.8): AccountDisabled. Pleroma deactivates in a background job; here
 * the read model is awaited, so the caller's tokens fail from the very next request and login answers
 * `account_is_disabled`.
 */
export async function disableAccount(
  deps: Deps,
  accountId: string,
  password: string | undefined,
  context: CommandContext,
): Promise<void> {
  await requirePassword(deps, accountId, password);
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    { type: 'DisableAccount' },
    context,
  );
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], result.position);
}
