import type { DomainEvent } from '../shared/decider.js';
import { assertNever, DomainError } from '../shared/errors.js';
import type { AccountState, RegisteredAccount } from './state.js';

/**
 * The account's security and lifecycle facts (§1.5–§1.8, §5.5, §5.7): credentials, confirmation, disabling,
 * deletion and the settings store. Sealed values (`enc:v1:…`) are encrypted with the account's own key, so
 * destroying that key on deletion leaves these events auditable but unreadable.
 */

/** A new argon2id hash, sealed. */
export type PasswordChanged = DomainEvent<'PasswordChanged', { accountId: string; passwordHash: string }>;
/** `email` sealed; both null when the address was removed. */
export type EmailChanged = DomainEvent<
  'EmailChanged',
  { accountId: string; email: string | null; emailIndex: string | null }
>;
/** A confirmation link was mailed; only the SHA-256 of its token is kept. */
export type ConfirmationRequested = DomainEvent<
  'ConfirmationRequested',
  { accountId: string; tokenHash: string }
>;
export type AccountConfirmed = DomainEvent<'AccountConfirmed', { accountId: string }>;
export type AccountDisabled = DomainEvent<'AccountDisabled', { accountId: string }>;
/** `emailIndex` names the address claim the deletion process gives back; the nickname claim is kept for good. */
export type AccountDeleted = DomainEvent<
  'AccountDeleted',
  { accountId: string; nickname: string; emailIndex: string | null }
>;
/**
 * One app's entry of the settings store changed. `patch` is what the client sent and `value` the app's whole
 * object afterwards (null: entry removed), both sealed JSON: history shows each change, the read model copies.
 */
export type SettingsUpdated = DomainEvent<
  'SettingsUpdated',
  { accountId: string; app: string; patch: string; value: string | null }
>;

export type LifecycleEvent =
  | PasswordChanged
  | EmailChanged
  | ConfirmationRequested
  | AccountConfirmed
  | AccountDisabled
  | AccountDeleted
  | SettingsUpdated;

export const lifecycleEventTypes = [
  'PasswordChanged',
  'EmailChanged',
  'ConfirmationRequested',
  'AccountConfirmed',
  'AccountDisabled',
  'AccountDeleted',
  'SettingsUpdated',
] as const satisfies readonly LifecycleEvent['type'][];

export const lifecycleEncryptedFields = {
  PasswordChanged: ['passwordHash'],
  EmailChanged: ['email'],
  SettingsUpdated: ['patch', 'value'],
} as const;

export type ChangePassword = { type: 'ChangePassword'; passwordHash: string };
export type ChangeEmail = { type: 'ChangeEmail'; email: string | null; emailIndex: string | null };
export type RequestConfirmation = { type: 'RequestConfirmation'; tokenHash: string };
export type ConfirmAccount = { type: 'ConfirmAccount'; tokenHash: string };
export type DisableAccount = { type: 'DisableAccount' };
export type DeleteAccount = { type: 'DeleteAccount' };
/** `base` is the sealed value the new one was computed from: a concurrent change makes it stale. */
export type UpdateSettings = {
  type: 'UpdateSettings';
  app: string;
  patch: string;
  value: string | null;
  base: string | null;
};

export type LifecycleCommand =
  | ChangePassword
  | ChangeEmail
  | RequestConfirmation
  | ConfirmAccount
  | DisableAccount
  | DeleteAccount
  | UpdateSettings;

/** What a deleted account leaves in its stream's state: who it was, so its nickname stays taken. */
export interface DeletedAccount {
  status: 'deleted';
  id: string;
  nickname: string;
}

/** Links kept per account: a resend mails a new one while the earlier ones keep working. */
export const MAX_PENDING_CONFIRMATIONS = 5;

export const invalidConfirmation = () =>
  new DomainError('invalid_confirmation', 'Invalid or expired confirmation link', 400);

export const settingsConflict = () =>
  new DomainError('settings_conflict', 'The settings were changed concurrently, please retry.', 409);

export function decideLifecycle(command: LifecycleCommand, account: RegisteredAccount): LifecycleEvent[] {
  const accountId = account.id;
  switch (command.type) {
    case 'ChangePassword':
      return [{ type: 'PasswordChanged', data: { accountId, passwordHash: command.passwordHash } }];
    case 'ChangeEmail': {
      if (command.emailIndex === account.emailIndex) return [];
      const { email, emailIndex } = command;
      return [{ type: 'EmailChanged', data: { accountId, email, emailIndex } }];
    }
    case 'RequestConfirmation':
      if (account.confirmed) return [];
      return [{ type: 'ConfirmationRequested', data: { accountId, tokenHash: command.tokenHash } }];
    case 'ConfirmAccount':
      if (account.confirmed || !account.confirmationTokenHashes.includes(command.tokenHash)) {
        throw invalidConfirmation();
      }
      return [{ type: 'AccountConfirmed', data: { accountId } }];
    case 'DisableAccount':
      return account.disabled ? [] : [{ type: 'AccountDisabled', data: { accountId } }];
    case 'DeleteAccount': {
      const { nickname, emailIndex } = account;
      return [{ type: 'AccountDeleted', data: { accountId, nickname, emailIndex } }];
    }
    case 'UpdateSettings': {
      if ((account.settings[command.app] ?? null) !== command.base) throw settingsConflict();
      const { app, patch, value } = command;
      return [{ type: 'SettingsUpdated', data: { accountId, app, patch, value } }];
    }
    default:
      return assertNever(command);
  }
}

export function evolveLifecycle(account: RegisteredAccount, event: LifecycleEvent): AccountState {
  switch (event.type) {
    case 'PasswordChanged':
      return account;
    case 'EmailChanged':
      return { ...account, emailIndex: event.data.emailIndex };
    case 'ConfirmationRequested': {
      const hashes = [...account.confirmationTokenHashes, event.data.tokenHash];
      return { ...account, confirmationTokenHashes: hashes.slice(-MAX_PENDING_CONFIRMATIONS) };
    }
    case 'AccountConfirmed':
      return { ...account, confirmed: true, confirmationTokenHashes: [] };
    case 'AccountDisabled':
      return { ...account, disabled: true };
    case 'AccountDeleted':
      return { status: 'deleted', id: account.id, nickname: account.nickname };
    case 'SettingsUpdated': {
      const { [event.data.app]: _old, ...others } = account.settings;
      const settings = event.data.value === null ? others : { ...others, [event.data.app]: event.data.value };
      return { ...account, settings };
    }
    default:
      return assertNever(event);
  }
}
