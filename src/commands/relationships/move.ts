import type { Config } from '../../config.js';
import { localNickname } from '../../domain/account/addresses.js';
import { accountDecider, accountStream } from '../../domain/account/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { findAccountByNickname } from '../../projections/accounts/queries.js';
import { RELATIONSHIPS_PROJECTOR } from '../../projections/relationships/projector.js';
import type { AccountCommandDeps } from '../accounts/deps.js';
import { loadAccount } from '../accounts/load.js';
import { requirePassword } from '../accounts/passwords.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

type Deps = Pick<AccountCommandDeps, 'db' | 'keys' | 'eventStore' | 'projections'> & {
  config: Pick<Config, 'LOCAL_DOMAIN'>;
};

/** §1.9's texts: a target that cannot be resolved is 404; the alias rule is a 200 with the error (backticks literal). */
export const moveErrors = {
  targetNotFound: () => new DomainError('move_target_not_found', 'Target account not found.', 404),
  notAnAlias: () =>
    new DomainError('move_not_alias', 'Target account must have the origin in `alsoKnownAs`', 200),
} as const;

/**
 * POST /api/pleroma/move_account (§1.9): password, then the target (local accounts only: a remote one would
 * have to be fetched, which Annals cannot, so it is "not found"), then the alias rule, read from the target's
 * own stream (the latest facts, not a read model that may lag). Then Moved on the origin's stream; the
 * follower-moves process does the rest.
 */
export async function moveAccount(
  deps: Deps,
  accountId: string,
  input: { password: string | undefined; targetAccount: string },
  context: CommandContext,
): Promise<void> {
  await requirePassword(deps, accountId, input.password);
  const nickname = localNickname(input.targetAccount.trim(), deps.config.LOCAL_DOMAIN);
  const target = nickname.includes('@') ? undefined : await findAccountByNickname(deps.db, nickname);
  if (!target?.isActive) throw moveErrors.targetNotFound();
  const state = await loadAccount(deps, target.id);
  const listsOrigin = state.status === 'registered' && state.aliases.some((a) => a.accountId === accountId);
  if (target.id === accountId || !listsOrigin) throw moveErrors.notAnAlias();
  const command = { type: 'MoveAccount', targetAccountId: target.id } as const;
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    command,
    context,
  );
  await deps.projections.waitFor([RELATIONSHIPS_PROJECTOR], result.position);
}
