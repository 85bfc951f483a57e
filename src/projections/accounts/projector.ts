import type { Knex } from 'knex';
import { type AccountEvent, accountEventTypes, type ProfileChanges } from '../../domain/account/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';
import { textToHtml } from './html.js';
import { addImageColumns, applyImages } from './images.js';
import { applyLifecycle } from './lifecycle.js';
import { addMfaColumns, applyMfaStatus, isMfaStatusEvent, mfaStatusEventTypes } from './mfa.js';

export const ACCOUNTS_PROJECTOR = 'accounts';

/** Profile changes → columns. Secrets stay sealed here: queries decrypt only what a caller needs. */
function profileColumns(changes: ProfileChanges): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) columns[column] = value;
  };
  set('display_name', changes.displayName);
  if (changes.note !== undefined) {
    columns.note = changes.note;
    columns.note_html = textToHtml(changes.note);
  }
  set('locked', changes.locked);
  set('bot', changes.bot);
  set('discoverable', changes.discoverable);
  if (changes.fields !== undefined) columns.fields = JSON.stringify(changes.fields);
  if (changes.emojis !== undefined) columns.emojis = JSON.stringify(changes.emojis);
  set('hide_followers', changes.hideFollowers);
  set('hide_follows', changes.hideFollows);
  set('hide_followers_count', changes.hideFollowersCount);
  set('hide_follows_count', changes.hideFollowsCount);
  set('hide_favorites', changes.hideFavorites);
  set('show_role', changes.showRole);
  set('no_rich_text', changes.noRichText);
  set('skip_thread_containment', changes.skipThreadContainment);
  set('allow_following_move', changes.allowFollowingMove);
  set('accepts_chat_messages', changes.acceptsChatMessages);
  set('privacy', changes.privacy);
  set('avatar_description', changes.avatarDescription);
  set('header_description', changes.headerDescription);
  return columns;
}

/**
 * The local accounts read model: one row per account with what the Account entity (§12.1) and login need.
 * Registration is an insert-if-absent and every other event an update by key, so replays change nothing.
 */
export const accountsProjector: Projector = {
  name: ACCOUNTS_PROJECTOR,
  // 4: the index of deactivated accounts. 5: the profile's custom emoji.
  version: 5,
  handles: [...accountEventTypes, ...mfaStatusEventTypes],
  tables: ['accounts'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('accounts'), (table) => {
      table.text('id').primary();
      table.text('nickname').notNullable();
      table.text('nickname_lower').notNullable().unique();
      table.text('email_index').index();
      table.text('email_encrypted');
      table.text('password_hash_encrypted');
      table.text('display_name');
      table.text('note').notNullable().defaultTo('');
      table.text('note_html').notNullable().defaultTo('');
      table.jsonb('fields').notNullable().defaultTo('[]');
      table.jsonb('emojis').notNullable().defaultTo('[]');
      table.jsonb('also_known_as').notNullable().defaultTo('[]');
      table.text('locale');
      table.text('privacy').notNullable().defaultTo('public');
      table.text('avatar_description').notNullable().defaultTo('');
      table.text('header_description').notNullable().defaultTo('');
      for (const column of ['locked', 'bot', 'discoverable', 'is_admin', 'is_moderator']) {
        table.boolean(column).notNullable().defaultTo(false);
      }
      table.boolean('is_confirmed').notNullable().defaultTo(true);
      table.boolean('is_approved').notNullable().defaultTo(true);
      table.boolean('is_active').notNullable().defaultTo(true);
      for (const column of ['hide_followers', 'hide_follows', 'hide_followers_count', 'hide_follows_count']) {
        table.boolean(column).notNullable().defaultTo(false);
      }
      table.boolean('hide_favorites').notNullable().defaultTo(true);
      table.boolean('show_role').notNullable().defaultTo(true);
      table.boolean('no_rich_text').notNullable().defaultTo(false);
      table.boolean('skip_thread_containment').notNullable().defaultTo(false);
      table.boolean('allow_following_move').notNullable().defaultTo(true);
      table.boolean('accepts_chat_messages').notNullable().defaultTo(true);
      addMfaColumns(table);
      addImageColumns(table);
      table.timestamp('created_at', { useTz: true }).notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable();
    });
    // Deactivated accounts only: timelines ask of every status's author whether it is one (notDeactivated in
    // queries.ts), and an empty index answers at once where the primary key had to visit each row.
    const accounts = tables.table('accounts');
    await db.raw('create index ?? on ?? (id) where not is_active', [
      `${accounts}_deactivated_index`,
      accounts,
    ]);
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const accounts = () => trx(tables.table('accounts'));
    if (isMfaStatusEvent(recorded)) return applyMfaStatus(accounts, recorded);
    const event = { type: recorded.type, data: recorded.data } as AccountEvent;
    const at = recorded.metadata.time;
    switch (event.type) {
      case 'AccountRegistered': {
        const d = event.data;
        await accounts()
          .insert({
            id: d.accountId,
            nickname: d.nickname,
            nickname_lower: d.nickname.toLowerCase(),
            email_index: d.emailIndex,
            email_encrypted: d.email,
            password_hash_encrypted: d.passwordHash,
            display_name: d.displayName,
            note: d.note,
            note_html: textToHtml(d.note),
            locked: d.locked,
            locale: d.locale,
            is_confirmed: d.confirmed,
            is_approved: d.approved,
            created_at: d.registeredAt,
            updated_at: d.registeredAt,
          })
          .onConflict('id')
          .ignore();
        return;
      }
      case 'ProfileUpdated':
        await accounts()
          .where({ id: event.data.accountId })
          .update({ ...profileColumns(event.data.changes), updated_at: at });
        return;
      case 'AdminRoleGranted':
        await accounts().where({ id: event.data.accountId }).update({ is_admin: true, updated_at: at });
        return;
      case 'AliasAdded': {
        const { accountId, aliasAccountId, apId } = event.data;
        const entry = JSON.stringify([{ accountId: aliasAccountId, apId }]);
        // Append unless present: a replayed AliasAdded leaves one entry.
        await accounts()
          .where({ id: accountId })
          .update({
            also_known_as: trx.raw(
              'case when also_known_as @> ?::jsonb then also_known_as else also_known_as || ?::jsonb end',
              [entry, entry],
            ),
            updated_at: at,
          });
        return;
      }
      case 'AliasRemoved': {
        const { accountId, aliasAccountId } = event.data;
        await accounts()
          .where({ id: accountId })
          .update({
            also_known_as: trx.raw(
              "coalesce((select jsonb_agg(a) from jsonb_array_elements(also_known_as) a where a->>'accountId' <> ?), '[]'::jsonb)",
              [aliasAccountId],
            ),
            updated_at: at,
          });
        return;
      }
      case 'PasswordChanged':
      case 'EmailChanged':
      case 'ConfirmationRequested':
      case 'AccountConfirmed':
      case 'AccountDisabled':
      case 'AccountDeleted':
      case 'SettingsUpdated':
        return applyLifecycle(accounts, event, at);
      case 'ProfileImagesChanged':
      case 'MascotChanged':
        return applyImages(accounts, recorded);
      case 'Moved':
        return; // `moved` is kept by the relationships read model
      default:
        assertNever(event);
    }
  },
};
