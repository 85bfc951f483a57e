import type { Config } from '../../config.js';
import type { AccountRecord } from '../../projections/accounts/queries.js';

/** Pleroma's User.account_status: only `active` accounts may authenticate or log in. */
export type AccountStatus = 'active' | 'deactivated' | 'approval_pending' | 'confirmation_pending';

export function accountStatus(
  account: Pick<AccountRecord, 'isActive' | 'isApproved' | 'isConfirmed'>,
  config: Pick<Config, 'ACCOUNT_ACTIVATION_REQUIRED'>,
): AccountStatus {
  if (!account.isActive) return 'deactivated';
  if (!account.isApproved) return 'approval_pending';
  if (!account.isConfirmed && config.ACCOUNT_ACTIVATION_REQUIRED) return 'confirmation_pending';
  return 'active';
}

/**
 * Whether the account has multi-factor authentication on (§0.2, §3.7): the one place the Basic-auth refusal,
 * the password grant and the browser login ask.
 */
export function mfaEnabled(account: Pick<AccountRecord, 'mfaEnabled'>): boolean {
  return account.mfaEnabled;
}

/** The account's ActivityPub id, Pleroma's `me` in token responses. */
export function accountApId(config: Pick<Config, 'PUBLIC_URL'>, nickname: string): string {
  return `${config.PUBLIC_URL}/users/${nickname}`;
}
