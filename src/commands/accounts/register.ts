import {
  accountDecider,
  accountStream,
  emailStream,
  nicknameStream,
  type ReservationKind,
  registrationError,
  reservationDecider,
} from '../../domain/account/index.js';
import { DomainError, forbidden } from '../../domain/shared/errors.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import { type AccountRecord, findAccountById } from '../../projections/accounts/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { subcommand } from '../oauth/deps.js';
import type { AccountCommandDeps } from './deps.js';
import { hashPassword } from './passwords.js';

export interface RegisterAccountInput {
  nickname: string;
  email?: string | null;
  password: string;
  displayName?: string | null;
  bio?: string;
  locale?: string | null;
  /** The CLI and admins create accounts while registrations are closed, already confirmed. */
  byAdmin?: boolean;
}

export const NICKNAME_PATTERN = /^[a-zA-Z0-9_]+$/;
export const NICKNAME_MAX = 30;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
// Pleroma's User email regex, in spirit: something@host.tld, no spaces.
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Pleroma's register_changeset checks, in its error shape (`{"nickname":["has invalid format"]}`). */
function validate(input: RegisterAccountInput, emailRequired: boolean): void {
  if (!NICKNAME_PATTERN.test(input.nickname)) throw registrationError('nickname', 'has invalid format');
  if (input.nickname.length > NICKNAME_MAX) {
    throw registrationError('nickname', `should be at most ${NICKNAME_MAX} character(s)`);
  }
  if (input.email) {
    if (!EMAIL_PATTERN.test(input.email)) throw registrationError('email', 'has invalid format');
  } else if (emailRequired) {
    throw new DomainError('missing_email', 'Missing parameter: email', 400);
  }
  if (input.password.length < PASSWORD_MIN) {
    throw registrationError('password', `should be at least ${PASSWORD_MIN} character(s)`);
  }
  if (input.password.length > PASSWORD_MAX) {
    throw registrationError('password', `should be at most ${PASSWORD_MAX} character(s)`);
  }
  if (input.displayName && [...input.displayName].length > 100) {
    throw registrationError('name', 'should be at most 100 character(s)');
  }
  if (input.bio && [...input.bio].length > 5000)
    throw registrationError('bio', 'should be at most 5000 character(s)');
}

async function reservation(
  deps: AccountCommandDeps,
  kind: ReservationKind,
  stream: string,
  type: 'Reserve' | 'Release',
  accountId: string,
  context: CommandContext,
) {
  const name = `${type.toLowerCase()}-${kind.toLowerCase()}`;
  return handleCommand(
    deps.eventStore,
    stream,
    reservationDecider(kind),
    { type, accountId },
    subcommand(context, name),
  );
}

/**
 * Registers a local account. Nickname and address are claimed first on reservation streams appended with
 * `no_stream`, so of two concurrent registrations of one name exactly one wins; a failure after a claim
 * releases it, so nothing half-done blocks the name. Waits for the accounts read model.
 */
export async function registerAccount(
  deps: AccountCommandDeps,
  input: RegisterAccountInput,
  context: CommandContext,
): Promise<AccountRecord> {
  if (!deps.config.REGISTRATIONS_OPEN && !input.byAdmin) throw forbidden('Registrations are closed');
  const email = input.email?.trim() || null;
  validate({ ...input, email }, deps.config.ACCOUNT_ACTIVATION_REQUIRED && !input.byAdmin);
  const passwordHash = await hashPassword(input.password);

  const accountId = deps.ids.next();
  const emailIndex = email ? deps.keys.emailIndex(email) : null;
  const claims: [ReservationKind, string][] = [['Nickname', nicknameStream(input.nickname)]];
  if (emailIndex) claims.push(['Email', emailStream(emailIndex)]);
  const held: [ReservationKind, string][] = [];
  let position: bigint | null;
  try {
    for (const [kind, stream] of claims) {
      await reservation(deps, kind, stream, 'Reserve', accountId, context);
      held.push([kind, stream]);
    }
    const result = await handleCommand(
      deps.eventStore,
      accountStream(accountId),
      accountDecider,
      {
        type: 'RegisterAccount',
        accountId,
        nickname: input.nickname,
        email: email ? await deps.keys.encrypt(accountId, email) : null,
        emailIndex,
        passwordHash: await deps.keys.encrypt(accountId, passwordHash),
        confirmed: input.byAdmin === true || !deps.config.ACCOUNT_ACTIVATION_REQUIRED,
        approved: true,
        displayName: input.displayName || null,
        note: input.bio ?? '',
        locale: input.locale ?? null,
        now: context.time,
      },
      subcommand(context, 'register'),
    );
    position = result.position;
  } catch (error) {
    // The account was not appended: give the claims back. Should a release fail too, the original error
    // matters more; the claim then stays until released by hand (TODO: expire claims of absent accounts).
    for (const [kind, stream] of held.reverse()) {
      await reservation(deps, kind, stream, 'Release', accountId, context).catch(() => undefined);
    }
    throw error;
  }
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], position);
  const account = await findAccountById(deps.db, accountId);
  if (!account) throw new Error(`Account ${accountId} missing from the read model after registration`);
  return account;
}
