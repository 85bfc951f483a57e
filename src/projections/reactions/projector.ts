import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import { emojiUrlHost } from '../../domain/emoji/reactionEmoji.js';
import { type ReactionData, type ReactionEvent, reactionEventTypes } from '../../domain/reaction/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { StatusDeleted } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { OneStatementWrites } from '../oneStatement.js';
import { type ProjectionTables, type Projector, quotedTable } from '../projector.js';

export const REACTIONS_PROJECTOR = 'reactions';

const handled = [...reactionEventTypes, 'StatusDeleted'] as const;
type ReactionsEvent = ReactionEvent | StatusDeleted;

/** Unicode reactions have no URL; '' stands for it in keys (a primary key column cannot be null). */
const urlKey = (url: string | null) => url ?? '';

/**
 * §9.4/§9.5's name: Unicode and local custom emoji as stored, a remote custom emoji as `name@host`
 * (Pleroma compares the image URL's host with its own).
 */
export function reactionName(emoji: string, url: string | null, localHost: string): string {
  const host = emojiUrlHost(url);
  return host === null || host.toLowerCase() === localHost ? emoji : `${emoji}@${host}`;
}

/**
 * Nothing for a deleted status; else the entry (which keeps the place of its first reaction, first-reaction
 * order, until its last reactor leaves) and the reactor, each only if absent.
 */
function addedWrites(tables: ProjectionTables, event: RecordedEvent, localHost: string, gate: string) {
  const { reactionId, accountId, statusId, emoji, url } = event.data as unknown as ReactionData;
  const position = event.position.toString();
  const name = reactionName(emoji, url, localHost);
  return {
    sql: `live as (
       select 1 from ${gate}
       where not exists (select 1 from ${quotedTable(tables, 'reactions_deleted_statuses')} where status_id = ?)
     ),
     entry as (
       insert into ${quotedTable(tables, 'reaction_entries')}
         (status_id, emoji, url_key, url, name, first_position)
       select ?, ?, ?, ?, ?, ? from live on conflict do nothing
     ),
     reactor as (
       insert into ${quotedTable(tables, 'reaction_accounts')}
         (status_id, emoji, url_key, reaction_id, account_id, position)
       select ?, ?, ?, ?, ?, ? from live on conflict do nothing
     )`,
    bindings: [
      statusId,
      ...[statusId, emoji, urlKey(url), url, name, position],
      ...[statusId, emoji, urlKey(url), reactionId, accountId, position],
    ],
  };
}

/**
 * By reaction id: replaying an old removal leaves a later reaction with the same emoji alone. The entry goes
 * with its last reactor: one statement's CTEs do not see each other's deletes, so "last" is "no other".
 */
function removedWrites(tables: ProjectionTables, data: ReactionData, gate: string) {
  const key = [data.statusId, data.emoji, urlKey(data.url)];
  return {
    sql: `reactor as (
       delete from ${quotedTable(tables, 'reaction_accounts')}
       where reaction_id = ? and exists (select 1 from ${gate})
     ),
     entry as (
       delete from ${quotedTable(tables, 'reaction_entries')} e
       where status_id = ? and emoji = ? and url_key = ? and exists (select 1 from ${gate})
         and not exists (
           select 1 from ${quotedTable(tables, 'reaction_accounts')} a
           where a.status_id = e.status_id and a.emoji = e.emoji and a.url_key = e.url_key
             and a.reaction_id <> ?
         )
     )`,
    bindings: [data.reactionId, ...key, data.reactionId],
  };
}

/** The status's reactions go, and it is remembered, so that nothing appended after brings them back. */
function deletedWrites(tables: ProjectionTables, statusId: string, gate: string) {
  return {
    sql: `remembered as (
       insert into ${quotedTable(tables, 'reactions_deleted_statuses')} (status_id)
       select ? from ${gate} on conflict do nothing
     ),
     reactors as (
       delete from ${quotedTable(tables, 'reaction_accounts')}
       where status_id = ? and exists (select 1 from ${gate})
     ),
     entries as (
       delete from ${quotedTable(tables, 'reaction_entries')}
       where status_id = ? and exists (select 1 from ${gate})
     )`,
    bindings: [statusId, statusId, statusId],
  };
}

function writesOf(tables: ProjectionTables, recorded: RecordedEvent, localHost: string, gate: string) {
  const event = { type: recorded.type, data: recorded.data } as ReactionsEvent;
  switch (event.type) {
    case 'ReactionAdded':
      return addedWrites(tables, recorded, localHost, gate);
    case 'ReactionRemoved':
      return removedWrites(tables, event.data, gate);
    case 'StatusDeleted':
      return deletedWrites(tables, event.data.statusId, gate);
    default:
      return assertNever(event);
  }
}

/**
 * Emoji reactions (§9): one row per reaction entry of a status, in first-reaction order, and one per
 * (reactor, entry). Serves the reaction lists and every status's `pleroma.emoji_reactions`. A deleted
 * status takes its reactions along and is remembered, so nothing brings them back.
 */
export function reactionsProjector(config: Pick<Config, 'PUBLIC_URL'>): Projector & OneStatementWrites {
  const localHost = new URL(config.PUBLIC_URL).hostname.toLowerCase();
  return {
    name: REACTIONS_PROJECTOR,
    // 2: a remote emoji's name keeps its URL's host as written (Pleroma's URI.parse), no longer lowercased.
    version: 2,
    handles: handled,
    tables: ['reaction_entries', 'reaction_accounts', 'reactions_deleted_statuses'],

    async createTables(db: Knex, tables: ProjectionTables) {
      await db.schema.createTable(tables.table('reaction_entries'), (table) => {
        table.bigInteger('status_id').notNullable();
        table.text('emoji').notNullable();
        table.text('url_key').notNullable();
        table.text('url');
        table.text('name').notNullable();
        table.bigInteger('first_position').notNullable();
        table.primary(['status_id', 'emoji', 'url_key']);
      });
      await db.schema.createTable(tables.table('reaction_accounts'), (table) => {
        table.bigInteger('reaction_id').primary();
        table.bigInteger('status_id').notNullable();
        table.text('emoji').notNullable();
        table.text('url_key').notNullable();
        table.text('account_id').notNullable();
        table.bigInteger('position').notNullable();
        table.unique(['status_id', 'emoji', 'url_key', 'account_id']);
      });
      await db.schema.createTable(tables.table('reactions_deleted_statuses'), (table) => {
        table.bigInteger('status_id').primary();
      });
    },

    /** Every event is one statement, in a transaction or alone (the runner's one-statement batches). */
    async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
      const { sql, bindings } = writesOf(tables, recorded, localHost, 'always');
      await trx.raw(`with always as (select), ${sql} select`, [...bindings]);
    },

    writesOf: (recorded, tables, gate) => writesOf(tables, recorded, localHost, gate),
  };
}
