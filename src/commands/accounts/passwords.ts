import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../../domain/shared/errors.js';
import {
  type AccountRecord,
  findAccountByEmailIndex,
  findAccountById,
  findAccountByNickname,
} from '../../projections/accounts/queries.js';
import type { AccountCommandDeps } from './deps.js';

/** argon2id (the library's default algorithm) with its recommended costs. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Compared against when no account matches, so a missing account costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;

async function matches(
  deps: Pick<AccountCommandDeps, 'keys'>,
  account: AccountRecord | undefined,
  password: string,
): Promise<boolean> {
  const sealed = account?.passwordHashEncrypted;
  const stored = account && sealed ? await deps.keys.decrypt(account.id, sealed) : null;
  if (!stored) {
    dummyHash ??= hashPassword('not a password');
    await verify(await dummyHash, password);
    return false;
  }
  return verify(stored, password);
}

/** True when `password` is the account's; false for unknown or shredded accounts. */
export async function verifyPassword(
  deps: Pick<AccountCommandDeps, 'db' | 'keys'>,
  accountId: string,
  password: string | undefined | null,
): Promise<boolean> {
  return matches(deps, await findAccountById(deps.db, accountId), password ?? '');
}

/**
 * §0.8, the "password confirmation" helper: a missing or wrong password is `"Invalid password."`. Pleroma
 * answers it with 200 on most endpoints, hence the status is the caller's choice.
 */
export async function requirePassword(
  deps: Pick<AccountCommandDeps, 'db' | 'keys'>,
  accountId: string,
  password: string | undefined | null,
  status = 200,
): Promise<void> {
  if (!(await verifyPassword(deps, accountId, password))) {
    throw new DomainError('invalid_password', 'Invalid password.', status);
  }
}

/**
 * For the OAuth password grant and HTTP Basic: the account whose nickname (any case) or e-mail address
 * matches and whose password is right, or null. Whether it may log in (active, confirmed) is the caller's.
 */
export async function findAccountForLogin(
  deps: Pick<AccountCommandDeps, 'db' | 'keys'>,
  nicknameOrEmail: string,
  password: string,
): Promise<AccountRecord | null> {
  const name = nicknameOrEmail.trim();
  const account =
    (await findAccountByNickname(deps.db, name)) ??
    (name.includes('@') ? await findAccountByEmailIndex(deps.db, deps.keys.emailIndex(name)) : undefined);
  return (await matches(deps, account, password)) ? (account ?? null) : null;
}
