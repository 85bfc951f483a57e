import type { Knex } from 'knex';
import { assertNever } from '../../domain/shared/errors.js';
import { type StatusEvent, type StatusPostedData, statusEventTypes } from '../../domain/status/events.js';
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
    table.integer('replies_count').notNullable().defaultTo(0);
    table.timestamp('created_at', { useTz: true }).notNullable();
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

async function posted(trx: Knex.Transaction, d: StatusPostedData, tables: Tables) {
  const tombstone = await trx(tables.table('status_tombstones')).where({ id: d.statusId }).first();
  if (tombstone) return;
  const inserted = await trx(tables.table('statuses'))
    .insert({
      id: d.statusId,
      object_id: d.objectId,
      account_id: d.accountId,
      visibility: d.visibility,
      text: d.text,
      content_html: d.contentHtml,
      spoiler_text: d.spoilerText,
      sensitive: d.sensitive,
      in_reply_to_id: d.inReplyToId,
      in_reply_to_account_id: d.inReplyToAccountId,
      mentions: JSON.stringify(d.mentions),
      tags: JSON.stringify(d.tags),
      language: d.language,
      context: d.context,
      application: d.application ? JSON.stringify(d.application) : null,
      created_at: d.postedAt,
    })
    .onConflict('id')
    .ignore()
    .returning('id');
  // Counters move only when the row is new: applying the event again changes nothing.
  if (inserted.length === 0) return;
  const recipients = [...new Set(d.mentions.map((m) => m.accountId))];
  if (recipients.length > 0) {
    await trx(tables.table('status_recipients'))
      .insert(recipients.map((accountId) => ({ account_id: accountId, status_id: d.statusId })))
      .onConflict(['account_id', 'status_id'])
      .ignore();
  }
  if (d.tags.length > 0) {
    await trx(tables.table('status_tags'))
      .insert(d.tags.map((tag) => ({ tag, status_id: d.statusId })))
      .onConflict(['tag', 'status_id'])
      .ignore();
  }
  if (d.inReplyToId) {
    await trx(tables.table('statuses')).where({ id: d.inReplyToId }).increment('replies_count', 1);
  }
  const stats = tables.table('status_account_stats');
  await trx.raw(
    `insert into ?? as s (account_id, statuses_count, last_status_at) values (?, 1, ?)
     on conflict (account_id) do update set statuses_count = s.statuses_count + 1,
       last_status_at = greatest(s.last_status_at, excluded.last_status_at)`,
    [stats, d.accountId, d.postedAt],
  );
}

async function deleted(trx: Knex.Transaction, statusId: string, tables: Tables) {
  await trx(tables.table('status_tombstones')).insert({ id: statusId }).onConflict('id').ignore();
  const statuses = tables.table('statuses');
  const rows: { account_id: string; in_reply_to_id: string | null }[] = await trx(statuses)
    .where({ id: statusId })
    .delete()
    .returning(['account_id', 'in_reply_to_id']);
  const row = rows[0];
  if (!row) return;
  await trx(tables.table('status_recipients')).where({ status_id: statusId }).delete();
  await trx(tables.table('status_tags')).where({ status_id: statusId }).delete();
  if (row.in_reply_to_id) {
    await trx(statuses).where({ id: row.in_reply_to_id }).decrement('replies_count', 1);
  }
  await trx.raw(
    `update ?? set statuses_count = statuses_count - 1,
       last_status_at = (select max(created_at) from ?? where account_id = ?) where account_id = ?`,
    [tables.table('status_account_stats'), statuses, row.account_id, row.account_id],
  );
}

/**
 * The statuses read model: one row per live status with what the Status entity (§12.3) needs, who each
 * is addressed to, its hashtags, and per-account counts. Deleted statuses leave every table.
 */
export const statusesProjector: Projector = {
  name: STATUSES_PROJECTOR,
  version: 1,
  handles: statusEventTypes,
  tables: ['statuses', 'status_recipients', 'status_tags', 'status_tombstones', 'status_account_stats'],
  createTables,

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = { type: recorded.type, data: recorded.data } as StatusEvent;
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
