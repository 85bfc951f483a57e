import { actorUrl, localNickname } from '../../domain/account/addresses.js';
import { accountDecider, accountStream } from '../../domain/account/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import { findAccountByNickname } from '../../projections/accounts/queries.js';
import { ALIASES_PROJECTOR } from '../../projections/aliases/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { AccountCommandDeps } from './deps.js';

type Deps = Pick<AccountCommandDeps, 'db' | 'eventStore' | 'projections'> & {
  config: { PUBLIC_URL: string; LOCAL_DOMAIN: string };
};

/**
 * §1.10's quirk: an alias naming no known user is answered 200 `{"error":"not_found"}` (Pleroma meant a 404
 * but the branch never matches). Only the local cache is consulted: no remote fetch.
 */
export const aliasTargetNotFound = () => new DomainError('alias_target_not_found', 'not_found', 200);

async function aliasTarget(deps: Deps, alias: string) {
  const target = await findAccountByNickname(deps.db, localNickname(alias, deps.config.LOCAL_DOMAIN));
  if (!target) throw aliasTargetNotFound();
  return target;
}

/** PUT /api/pleroma/aliases: adds `alias` to the account's also_known_as (adding twice keeps one). */
export async function addAlias(deps: Deps, accountId: string, alias: string, context: CommandContext) {
  const target = await aliasTarget(deps, alias);
  const apId = actorUrl(deps.config, target.nickname);
  const command = { type: 'AddAlias', aliasAccountId: target.id, apId } as const;
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    command,
    context,
  );
  await deps.projections.waitFor([ALIASES_PROJECTOR, ACCOUNTS_PROJECTOR], result.position);
}

/** DELETE /api/pleroma/aliases: removes `alias`; an existing user that is no alias is a 404. */
export async function removeAlias(deps: Deps, accountId: string, alias: string, context: CommandContext) {
  const target = await aliasTarget(deps, alias);
  const command = { type: 'RemoveAlias', aliasAccountId: target.id } as const;
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    command,
    context,
  );
  await deps.projections.waitFor([ALIASES_PROJECTOR, ACCOUNTS_PROJECTOR], result.position);
}
