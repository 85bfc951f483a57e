import type { Knex } from 'knex';
import type { LifecycleEvent } from '../../domain/account/lifecycle.js';
import { assertNever } from '../../domain/shared/errors.js';
import { purgedImageColumns } from './images.js';

/**
 * §1.7's purge: what a deleted account keeps is its id and nickname (still taken, so never reused) and the
 * row itself, deactivated. Everything personal or owner-set goes, as Pleroma's User.purge does.
 */
const purged = {
  email_index: null,
  email_encrypted: null,
  password_hash_encrypted: null,
  display_name: null,
  note: '',
  note_html: '',
  fields: '[]',
  emojis: '[]',
  also_known_as: '[]',
  locale: null,
  avatar_description: '',
  header_description: '',
  locked: false,
  discoverable: false,
  is_admin: false,
  is_moderator: false,
  is_active: false,
  ...purgedImageColumns,
};

/** The accounts read model's side of the lifecycle events; every write is an update by key (replay-safe). */
export async function applyLifecycle(
  accounts: () => Knex.QueryBuilder,
  event: LifecycleEvent,
  at: string,
): Promise<void> {
  const row = () => accounts().where({ id: event.data.accountId });
  switch (event.type) {
    case 'PasswordChanged':
      await row().update({ password_hash_encrypted: event.data.passwordHash, updated_at: at });
      return;
    case 'EmailChanged':
      await row().update({
        email_encrypted: event.data.email,
        email_index: event.data.emailIndex,
        updated_at: at,
      });
      return;
    case 'AccountConfirmed':
      await row().update({ is_confirmed: true, updated_at: at });
      return;
    case 'AccountDisabled':
      await row().update({ is_active: false, updated_at: at });
      return;
    case 'AccountDeleted':
      await row().update({ ...purged, updated_at: at });
      return;
    case 'ConfirmationRequested':
    case 'SettingsUpdated':
      return; // kept by the account stream and the settings read model
    default:
      assertNever(event);
  }
}
