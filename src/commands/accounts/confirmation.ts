import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { accountDecider, accountStream } from '../../domain/account/index.js';
import type { Mailer } from '../../mail/mailer.js';
import { confirmationMail } from '../../mail/templates.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import {
  type AccountRecord,
  findAccountByEmailIndex,
  findAccountByNickname,
} from '../../projections/accounts/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { subcommand } from '../oauth/deps.js';
import { hashSecret, newSecret } from '../oauth/secrets.js';
import type { AccountCommandDeps } from './deps.js';

export type ConfirmationDeps = Omit<AccountCommandDeps, 'config'> & {
  config: Pick<Config, 'ACCOUNT_ACTIVATION_REQUIRED' | 'PUBLIC_URL' | 'INSTANCE_NAME'>;
  mailer: Mailer;
  logger: Logger;
};

/** Pleroma's confirmation route: `/api/account/confirm_email/:user_id/:token`. */
export const confirmationLink = (config: Pick<Config, 'PUBLIC_URL'>, accountId: string, token: string) =>
  `${config.PUBLIC_URL}/api/account/confirm_email/${accountId}/${encodeURIComponent(token)}`;

/**
 * Mails a confirmation link to an unconfirmed account with an address. The token is 256 random bits; only
 * its hash is recorded. A failed delivery is logged, not thrown: the account exists either way and the user
 * can ask again (§5.5). True when a link was sent.
 */
export async function requestConfirmation(
  deps: ConfirmationDeps,
  account: AccountRecord,
  context: CommandContext,
): Promise<boolean> {
  if (account.isConfirmed || !account.emailEncrypted) return false;
  const email = await deps.keys.decrypt(account.id, account.emailEncrypted);
  if (!email) return false;
  const token = newSecret();
  const result = await handleCommand(
    deps.eventStore,
    accountStream(account.id),
    accountDecider,
    { type: 'RequestConfirmation', tokenHash: hashSecret(token) },
    subcommand(context, 'request-confirmation'),
  );
  if (result.events.length === 0) return false;
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], result.position);
  const link = confirmationLink(deps.config, account.id, token);
  try {
    await deps.mailer.send(confirmationMail(email, deps.config.INSTANCE_NAME, link));
    return true;
  } catch (error) {
    deps.logger.error({ err: error, accountId: account.id }, 'confirmation mail could not be sent');
    return false;
  }
}

/** The link's target: right token for an unconfirmed account → AccountConfirmed; it may then log in. */
export async function confirmAccount(
  deps: Pick<AccountCommandDeps, 'eventStore' | 'projections'>,
  accountId: string,
  token: string,
  context: CommandContext,
): Promise<void> {
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    { type: 'ConfirmAccount', tokenHash: hashSecret(token) },
    context,
  );
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], result.position);
}

/**
 * §5.5: `nicknameOrEmail` is looked up as a nickname first, then as an address. Only an unconfirmed account
 * with an address, on an instance that requires activation, gets a mail; anything else — an unknown user
 * included — quietly does nothing, so the answer tells nobody who is registered.
 */
export async function resendConfirmation(
  deps: ConfirmationDeps,
  nicknameOrEmail: string,
  context: CommandContext,
): Promise<void> {
  if (!deps.config.ACCOUNT_ACTIVATION_REQUIRED) return;
  const name = nicknameOrEmail.trim();
  const account =
    (await findAccountByNickname(deps.db, name)) ??
    (name.includes('@') ? await findAccountByEmailIndex(deps.db, deps.keys.emailIndex(name)) : undefined);
  if (account?.isActive) await requestConfirmation(deps, account, context);
}
