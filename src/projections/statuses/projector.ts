import type { Knex } from 'knex';
import { assertNever } from '../../domain/shared/errors.js';
import { type StatusPostedData, statusEventTypes, upcastStatusEvent } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const STATUSES_PROJECTOR = 'statuses';

type Tables = ProjectionTables;

async function createTables(db: Knex, tables: Tables) {
  const statuses = tables.table('statuses');
  await db.schema.createTable(statuses, (table) => {
    table.bigInteger('id').primary();
    table.text('object_id').notNullable();
    table.text('account_id').notNullable();
    table.text('visibility').notNullable();
    table.text('text').notNullable();
    table.text('content_html').notNullable();
    table.text('spoiler_text').notNullable();
    table.boolean('sensitive').notNullable();
    table.bigInteger('in_reply_to_id');
    table.text('in_reply_to_account_id');
    table.jsonb('mentions').notNullable();
    table.jsonb('tags').notNullable();
    table.text('language');
    table.text('context').notNullable();
    table.jsonb('application');
    table.boolean('has_media').notNullable().defaultTo(false);
    // Upload ids in the order attached; the media read model holds what each one is.
    table.jsonb('media_ids').notNullable().defaultTo('[]');
    // Custom emoji used, `[{shortcode, url}]` as the event fixed them at post time.
    table.jsonb('emojis').notNullable().defaultTo('[]');
    table.integer('replies_count').notNullable().defaultTo(0);
    table.timestamp('created_at', { useTz: true }).notNullable();
    // When the status deletes itself (`expires_in`), null never.
    table.timestamp('expires_at', { useTz: true });
    // An account's statuses, newest first (account timelines, the home timeline's "own" source).
    table.index(['account_id', 'id']);
    table.index(['in_reply_to_id']);
    table.index(['context']);
  });
  // The public timeline: public statuses newest first, nothing else in the index.
  await db.raw(`create index ?? on ?? (id desc) where visibility = 'public'`, [
    `${statuses}_public_id_index`,
    statuses,
  ]);
  // The expiry sweep (processes/statusExpiry.ts): the statuses due first, nothing else in the index.
  await db.raw('create index ?? on ?? (expires_at) where expires_at is not null', [
    `${statuses}_expires_at_index`,
    statuses,
  ]);
  // Who a status is addressed to (mentions): the home timeline's "addressed to me" source and visibility checks.
  await db.schema.createTable(tables.table('status_recipients'), (table) => {
    table.text('account_id').notNullable();
    table.bigInteger('status_id').notNullable().index();
    table.primary(['account_id', 'status_id']);
  });
  await db.schema.createTable(tables.table('status_tags'), (table) => {
    table.text('tag').notNullable();
    table.bigInteger('status_id').notNullable().index();
    table.primary(['tag', 'status_id']);
  });
  // Deleted ids: a StatusPosted applied again after its StatusDeleted must not bring the status back.
  await db.schema.createTable(tables.table('status_tombstones'), (table) => {
    table.bigInteger('id').primary();
  });
  await db.schema.createTable(tables.table('status_account_stats'), (table) => {
    table.text('account_id').primary();
    table.integer('statuses_count').notNullable();
    table.timestamp('last_status_at', { useTz: true });
  });
}

/**
 * The visibilities counted in `statuses_count`, `last_status_at` and a parent's `replies_count`, as Pleroma
 * counts them (increase_note_count_if_public, update_last_status_at_if_public, increase_replies_count_if_reply):
 * a private or direct status must not show in anyone's counts.
 */
const COUNTED = ['public', 'unlisted'];

/**
 * One statement per status, so replays and rebuilds stay fast: the row is inserted unless it exists or was
 * deleted (tombstone), and only a new row adds its recipients and tags and moves the counters, so applying
 * the event again changes nothing.
 */
async function posted(trx: Knex.Transaction, d: StatusPostedData, tables: Tables) {
  const recipients = [...new Set(d.mentions.map((m) => m.accountId))];
  await trx.raw(
    `with ins as (
       insert into ?? (id, object_id, account_id, visibility, text, content_html, spoiler_text, sensitive,
         in_reply_to_id, in_reply_to_account_id, mentions, tags, language, context, application, created_at,
         has_media, media_ids, emojis, expires_at)
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::timestamptz, ?, ?::jsonb, ?::jsonb,
         ?::timestamptz
       where not exists (select 1 from ?? where id = ?)
       on conflict (id) do nothing
       returning id, account_id, in_reply_to_id, created_at, visibility in (${COUNTED.map((v) => `'${v}'`).join(', ')}) as counted
     ), recipients as (
       insert into ?? (account_id, status_id) select r, ins.id from ins, unnest(?::text[]) r on conflict do nothing
     ), tags as (
       insert into ?? (tag, status_id) select t, ins.id from ins, unnest(?::text[]) t on conflict do nothing
     ), parent as (
       update ?? set replies_count = replies_count + 1 where id = (select in_reply_to_id from ins where counted)
     )
     insert into ?? as s (account_id, statuses_count, last_status_at)
     select account_id, 1, created_at from ins where counted
     on conflict (account_id) do update set statuses_count = s.statuses_count + 1,
       last_status_at = greatest(s.last_status_at, excluded.last_status_at)`,
    [
      tables.table('statuses'),
      d.statusId,
      d.objectId,
      d.accountId,
      d.visibility,
      d.text,
      d.contentHtml,
      d.spoilerText,
      d.sensitive,
      d.inReplyToId,
      d.inReplyToAccountId,
      JSON.stringify(d.mentions),
      JSON.stringify(d.tags),
      d.language,
      d.context,
      d.application ? JSON.stringify(d.application) : null,
      d.postedAt,
      d.mediaIds.length > 0,
      JSON.stringify(d.mediaIds),
      JSON.stringify(d.emojis),
      d.expiresAt,
      tables.table('status_tombstones'),
      d.statusId,
      tables.table('status_recipients'),
      recipients,
      tables.table('status_tags'),
      d.tags,
      tables.table('statuses'),
      tables.table('status_account_stats'),
    ],
  );
}

async function deleted(trx: Knex.Transaction, statusId: string, tables: Tables) {
  await trx(tables.table('status_tombstones')).insert({ id: statusId }).onConflict('id').ignore();
  const statuses = tables.table('statuses');
  const rows: { account_id: string; in_reply_to_id: string | null; visibility: string }[] = await trx(
    statuses,
  )
    .where({ id: statusId })
    .delete()
    .returning(['account_id', 'in_reply_to_id', 'visibility']);
  const row = rows[0];
  if (!row) return;
  await trx(tables.table('status_recipients')).where({ status_id: statusId }).delete();
  await trx(tables.table('status_tags')).where({ status_id: statusId }).delete();
  if (!COUNTED.includes(row.visibility)) return;
  if (row.in_reply_to_id) {
    await trx(statuses).where({ id: row.in_reply_to_id }).decrement('replies_count', 1);
  }
  await trx.raw(
    `update ?? set statuses_count = statuses_count - 1,
       last_status_at = (select max(created_at) from ?? where account_id = ? and visibility = any(?::text[]))
     where account_id = ?`,
    [tables.table('status_account_stats'), statuses, row.account_id, COUNTED, row.account_id],
  );
}

/**
 * The statuses read model: one row per live status with what the Status entity (§12.3) needs, who each
 * is addressed to, its hashtags, and per-account counts. Deleted statuses leave every table.
 */
export const statusesProjector: Projector = {
  name: STATUSES_PROJECTOR,
  // 2: media_ids (statuses with attachments). 3: emojis (custom emoji used). 4: counts only public and
  // unlisted statuses (a private or direct one showed in statuses_count, last_status_at, replies_count).
  // 5: expires_at (statuses that delete themselves).
  version: 5,
  handles: statusEventTypes,
  tables: ['statuses', 'status_recipients', 'status_tags', 'status_tombstones', 'status_account_stats'],
  createTables,

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = upcastStatusEvent({ type: recorded.type, data: recorded.data });
    switch (event.type) {
      case 'StatusPosted':
        return posted(trx, event.data, tables);
      case 'StatusDeleted':
        return deleted(trx, event.data.statusId, tables);
      default:
        assertNever(event);
    }
  },
};
