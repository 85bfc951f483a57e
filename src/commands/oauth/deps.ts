import type { IdGenerator } from '../../domain/shared/ids.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import type { CommandContext } from '../handleCommand.js';

/** What the OAuth use cases need; AppDeps satisfies it. */
export interface OAuthCommandDeps {
  eventStore: EventStore;
  projections: ProjectionWaiter;
  ids: IdGenerator;
}

/**
 * Pleroma's default `[:oauth2, :token_expires_in]`: 100 years, i.e. tokens do not expire in practice (as in
 * Mastodon), yet every token still carries a `valid_until`.
 */
export const TOKEN_LIFETIME_SECONDS = 3600 * 24 * 365 * 100;

/** Pleroma's authorization codes live ten minutes. */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 600;

/**
 * One request may run several commands (register an account, then issue its token; redeem a code, then
 * issue a token). Event ids derive from the command id, so each command gets its own, still deterministic.
 */
export function subcommand(context: CommandContext, name: string): CommandContext {
  return { ...context, commandId: `${context.commandId}/${name}`, causationId: context.commandId };
}
