import {
  accountDecider,
  accountStream,
  emailStream,
  reservationDecider,
} from '../../domain/account/index.js';
import { DomainError, notFound } from '../../domain/shared/errors.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import { listAccountTokens } from '../../projections/oauth/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { type OAuthCommandDeps, subcommand } from '../oauth/deps.js';
import { revokeToken } from '../oauth/revokeToken.js';
import type { AccountCommandDeps } from './deps.js';
import { loadAccount } from './load.js';
import { hashPassword, requirePassword } from './passwords.js';
import { EMAIL_PATTERN, PASSWORD_MAX, PASSWORD_MIN } from './register.js';

type Deps = AccountCommandDeps & OAuthCommandDeps;

/** §1.5/§1.6 refuse with HTTP 200 and `{"error": …}`, Pleroma's changeset message prefixed by the field. */
const refusal = (code: string, message: string) => new DomainError(code, message, 200);

export interface PasswordChange {
  password: string;
  newPassword: string;
  newPasswordConfirmation: string;
}

function checkNewPassword({ newPassword, newPasswordConfirmation }: PasswordChange): void {
  if (newPassword === '') throw refusal('password_blank', "New password can't be blank.");
  if (newPassword !== newPasswordConfirmation) {
    throw refusal('password_confirmation', 'New password does not match confirmation.');
  }
  // Beyond Pleroma (which sets no bounds here): the same bounds as registration.
  if (newPassword.length < PASSWORD_MIN) {
    throw refusal('password_short', `New password should be at least ${PASSWORD_MIN} character(s).`);
  }
  if (newPassword.length > PASSWORD_MAX) {
    throw refusal('password_long', `New password should be at most ${PASSWORD_MAX} character(s).`);
  }
}

/**
 * POST /api/pleroma/change_password (§1.6): checks the current password, stores the new hash sealed, then —
 * as Pleroma's reset_password does — logs every session out: its tokens are revoked here at once, and the
 * account-lifecycle process makes sure of it should this request stop half-way.
 */
export async function changePassword(
  deps: Deps,
  accountId: string,
  change: PasswordChange,
  context: CommandContext,
): Promise<void> {
  await requirePassword(deps, accountId, change.password);
  checkNewPassword(change);
  const passwordHash = await deps.keys.encrypt(accountId, await hashPassword(change.newPassword));
  const result = await handleCommand(
    deps.eventStore,
    accountStream(accountId),
    accountDecider,
    { type: 'ChangePassword', passwordHash },
    context,
  );
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], result.position);
  for (const token of await listAccountTokens(deps.db, accountId)) {
    if (token.createdAt.getTime() > context.time.getTime()) continue;
    await revokeToken(deps, { tokenId: token.tokenId }, subcommand(context, `revoke-${token.tokenId}`));
  }
}

async function reserveEmail(deps: Deps, emailIndex: string, accountId: string, context: CommandContext) {
  try {
    await handleCommand(
      deps.eventStore,
      emailStream(emailIndex),
      reservationDecider('Email'),
      { type: 'Reserve', accountId },
      subcommand(context, 'reserve-email'),
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'email_invalid') {
      throw refusal('email_taken', 'Email has already been taken.');
    }
    throw error;
  }
}

const releaseEmail = (
  deps: Deps,
  emailIndex: string,
  accountId: string,
  context: CommandContext,
  name: string,
) =>
  handleCommand(
    deps.eventStore,
    emailStream(emailIndex),
    reservationDecider('Email'),
    { type: 'Release', accountId },
    subcommand(context, name),
  );

/**
 * POST /api/pleroma/change_email (§1.5). The new address is claimed on its reservation stream first (one
 * account per address, also when two change to it at once), then recorded, then the old claim is released;
 * should recording fail, the new claim is given back. Blank removes the address unless activation requires one.
 */
export async function changeEmail(
  deps: Deps,
  accountId: string,
  input: { password: string; email: string },
  context: CommandContext,
): Promise<void> {
  await requirePassword(deps, accountId, input.password);
  const email = input.email.trim();
  if (email === '' && deps.config.ACCOUNT_ACTIVATION_REQUIRED) {
    throw refusal('email_blank', "Email can't be blank.");
  }
  if (email !== '' && !EMAIL_PATTERN.test(email)) throw refusal('email_format', 'Email has invalid format.');
  const account = await loadAccount(deps, accountId);
  if (account.status !== 'registered') throw notFound();
  const emailIndex = email === '' ? null : deps.keys.emailIndex(email);
  if (emailIndex === account.emailIndex) return;

  if (emailIndex) await reserveEmail(deps, emailIndex, accountId, context);
  let position: bigint | null;
  try {
    const sealed = emailIndex ? await deps.keys.encrypt(accountId, email) : null;
    const command = { type: 'ChangeEmail', email: sealed, emailIndex } as const;
    const result = await handleCommand(
      deps.eventStore,
      accountStream(accountId),
      accountDecider,
      command,
      context,
    );
    position = result.position;
  } catch (error) {
    if (emailIndex)
      await releaseEmail(deps, emailIndex, accountId, context, 'release-new-email').catch(() => undefined);
    throw error;
  }
  // TODO(change_email race): two changes of one account at once may leave the claim of the address that
  // lost in between held; it names no account's current address and is only freed by hand.
  if (account.emailIndex) {
    await releaseEmail(deps, account.emailIndex, accountId, context, 'release-old-email');
  }
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], position);
}
