import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import { emojiUrlHost } from '../../domain/emoji/reactionEmoji.js';
import { type ReactionData, type ReactionEvent, reactionEventTypes } from '../../domain/reaction/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { StatusDeleted } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

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
  return host === null || host === localHost ? emoji : `${emoji}@${host}`;
}

/**
 * One statement: nothing for a deleted status; else the entry (which keeps the place of its first reaction,
 * first-reaction order, until its last reactor leaves) and the reactor, each only if absent.
 */
async function added(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  event: RecordedEvent,
  localHost: string,
) {
  const { reactionId, accountId, statusId, emoji, url } = event.data as unknown as ReactionData;
  const position = event.position.toString();
  await trx.raw(
    `with live as (select 1 where not exists (select 1 from ?? where status_id = ?)),
     entry as (
       insert into ?? (status_id, emoji, url_key, url, name, first_position)
       select ?, ?, ?, ?, ?, ? from live on conflict do nothing
     )
     insert into ?? (status_id, emoji, url_key, reaction_id, account_id, position)
     select ?, ?, ?, ?, ?, ? from live on conflict do nothing`,
    [
      tables.table('reactions_deleted_statuses'),
      statusId,
      tables.table('reaction_entries'),
      ...[statusId, emoji, urlKey(url), url, reactionName(emoji, url, localHost), position],
      tables.table('reaction_accounts'),
      ...[statusId, emoji, urlKey(url), reactionId, accountId, position],
    ],
  );
}

async function removed(trx: Knex.Transaction, tables: ProjectionTables, data: ReactionData) {
  const reactions = tables.table('reaction_accounts');
  // By reaction id: replaying an old removal leaves a later reaction with the same emoji alone.
  await trx(reactions).where({ reaction_id: data.reactionId }).delete();
  const key = { status_id: data.statusId, emoji: data.emoji, url_key: urlKey(data.url) };
  await trx(tables.table('reaction_entries'))
    .where(key)
    .whereNotExists((sub) => sub.select(trx.raw('1')).from(reactions).where(key))
    .delete();
}

/**
 * Emoji reactions (§9): one row per reaction entry of a status, in first-reaction order, and one per
 * (reactor, entry). Serves the reaction lists and every status's `pleroma.emoji_reactions`. A deleted
 * status takes its reactions along and is remembered, so nothing brings them back.
 */
export function reactionsProjector(config: Pick<Config, 'PUBLIC_URL'>): Projector {
  const localHost = new URL(config.PUBLIC_URL).hostname.toLowerCase();
  return {
    name: REACTIONS_PROJECTOR,
    version: 1,
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

    async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
      const event = { type: recorded.type, data: recorded.data } as ReactionsEvent;
      switch (event.type) {
        case 'ReactionAdded':
          return added(trx, tables, recorded, localHost);
        case 'ReactionRemoved':
          return removed(trx, tables, event.data);
        case 'StatusDeleted': {
          const { statusId } = event.data;
          await trx(tables.table('reactions_deleted_statuses'))
            .insert({ status_id: statusId })
            .onConflict()
            .ignore();
          await trx(tables.table('reaction_accounts')).where({ status_id: statusId }).delete();
          await trx(tables.table('reaction_entries')).where({ status_id: statusId }).delete();
          return;
        }
        default:
          assertNever(event);
      }
    },
  };
}
