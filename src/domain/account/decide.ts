import { assertNever, DomainError, notFound } from '../shared/errors.js';
import type { AccountCommand, ReservationCommand, UpdateProfile } from './commands.js';
import type { AccountEvent, Profile, ProfileChanges, ReservationEvent } from './events.js';
import { decideImages, imageChangeEvents } from './images.js';
import { decideLifecycle } from './lifecycle.js';
import { decideAccountMove } from './move.js';
import type { AccountState, RegisteredAccount } from './state.js';

/** Pleroma's default instance limits (`user_name_length`, `user_bio_length`, `max_account_fields`, …). */
export const profileLimits = {
  displayName: 100,
  note: 5000,
  fields: 10,
  fieldName: 512,
  fieldValue: 2048,
  description: 5000,
} as const;

/** Pleroma answers these profile limits with 413 and these exact messages. */
const tooLarge = (code: string, message: string) => new DomainError(code, message, 413);

function checkLimits(changes: ProfileChanges): void {
  const { displayName, note, fields, avatarDescription, headerDescription } = changes;
  if (note !== undefined && [...note].length > profileLimits.note)
    throw tooLarge('bio_too_long', 'Bio is too long');
  if (displayName && [...displayName].length > profileLimits.displayName) {
    throw tooLarge('name_too_long', 'Name is too long');
  }
  if (avatarDescription && avatarDescription.length > profileLimits.description) {
    throw tooLarge('avatar_description_too_long', 'Avatar description is too long');
  }
  if (headerDescription && headerDescription.length > profileLimits.description) {
    throw tooLarge('header_description_too_long', 'Banner description is too long');
  }
  if (fields) {
    const long = fields.some(
      (f) => f.name.length > profileLimits.fieldName || f.value.length > profileLimits.fieldValue,
    );
    if (long) throw tooLarge('field_too_long', 'One or more field entries are too long');
    if (fields.length > profileLimits.fields) throw tooLarge('too_many_fields', 'Too many field entries');
  }
}

/** Only what actually differs from the current profile: an update that changes nothing appends nothing. */
function effectiveChanges(profile: Profile, changes: ProfileChanges): ProfileChanges {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const current = profile[key as keyof Profile];
    if (JSON.stringify(current) !== JSON.stringify(value)) result[key] = value;
  }
  return result as ProfileChanges;
}

function requireAccount(state: AccountState): RegisteredAccount {
  if (state.status !== 'registered') throw notFound();
  return state;
}

function updateProfile(command: UpdateProfile, state: AccountState): AccountEvent[] {
  const account = requireAccount(state);
  checkLimits(command.changes);
  const changes = effectiveChanges(account.profile, command.changes);
  const images = imageChangeEvents(account, command.images ?? {});
  if (Object.keys(changes).length === 0) return images;
  return [{ type: 'ProfileUpdated', data: { accountId: account.id, changes } }, ...images];
}

export function decideAccount(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'RegisterAccount': {
      if (state.status !== 'unregistered') {
        throw new DomainError('account_exists', 'The account is already registered', 409);
      }
      const { type: _type, now, ...data } = command;
      return [
        { type: 'AccountRegistered', data: { ...data, locked: false, registeredAt: now.toISOString() } },
      ];
    }
    case 'UpdateProfile':
      return updateProfile(command, state);
    case 'GrantAdminRole': {
      const account = requireAccount(state);
      return account.admin ? [] : [{ type: 'AdminRoleGranted', data: { accountId: account.id } }];
    }
    case 'AddAlias': {
      // §1.10: adding an alias twice keeps one entry.
      const account = requireAccount(state);
      if (account.aliases.some((alias) => alias.accountId === command.aliasAccountId)) return [];
      const data = { accountId: account.id, aliasAccountId: command.aliasAccountId, apId: command.apId };
      return [{ type: 'AliasAdded', data }];
    }
    case 'RemoveAlias': {
      const account = requireAccount(state);
      const alias = account.aliases.find((a) => a.accountId === command.aliasAccountId);
      if (!alias) throw new DomainError('no_such_alias', 'Account has no such alias.', 404);
      return [
        {
          type: 'AliasRemoved',
          data: { accountId: account.id, aliasAccountId: alias.accountId, apId: alias.apId },
        },
      ];
    }
    case 'ChangePassword':
    case 'ChangeEmail':
    case 'RequestConfirmation':
    case 'ConfirmAccount':
    case 'DisableAccount':
    case 'DeleteAccount':
    case 'UpdateSettings':
      return decideLifecycle(command, requireAccount(state));
    case 'ChangeProfileImages':
    case 'ChangeMascot':
      return decideImages(command, requireAccount(state));
    case 'MoveAccount':
      return decideAccountMove(command, requireAccount(state));
    default:
      return assertNever(command);
  }
}

// ---- Reservations: one stream per claimed nickname or address, so uniqueness is an optimistic append.

export type ReservationState = { status: 'free' } | { status: 'held'; accountId: string };
export type ReservationKind = 'Nickname' | 'Email';

/**
 * Pleroma's registration error (TwitterAPI.register_user): 400 with the changeset errors JSON-encoded into
 * the `error` string, e.g. `{"error":"{\"nickname\":[\"has already been taken\"]}"}`.
 */
export function registrationError(field: string, message: string): DomainError {
  return new DomainError(`${field}_invalid`, JSON.stringify({ [field]: [message] }), 400);
}

export function evolveReservation(_state: ReservationState, event: ReservationEvent): ReservationState {
  switch (event.type) {
    case 'NicknameReserved':
    case 'EmailReserved':
      return { status: 'held', accountId: event.data.accountId };
    case 'NicknameReleased':
    case 'EmailReleased':
      return { status: 'free' };
    default:
      return assertNever(event);
  }
}

export function decideReservation(
  kind: ReservationKind,
  command: ReservationCommand,
  state: ReservationState,
): ReservationEvent[] {
  const { accountId } = command;
  switch (command.type) {
    case 'Reserve':
      if (state.status === 'free') return [{ type: `${kind}Reserved`, data: { accountId } }];
      if (state.accountId === accountId) return [];
      throw registrationError(kind === 'Nickname' ? 'nickname' : 'email', 'has already been taken');
    case 'Release':
      return state.status === 'held' && state.accountId === accountId
        ? [{ type: `${kind}Released`, data: { accountId } }]
        : [];
    default:
      return assertNever(command);
  }
}
