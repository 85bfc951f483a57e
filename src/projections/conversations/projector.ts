import type { Knex } from 'knex';
import type { AccountDeleted } from '../../domain/account/index.js';
import { type ConversationEvent, conversationEventTypes } from '../../domain/conversation/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { StatusEvent, StatusPostedData } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const CONVERSATIONS_PROJECTOR = 'conversations';

type Event = ConversationEvent | StatusEvent | AccountDeleted;
type Tables = ProjectionTables;

async function createTables(db: Knex, tables: Tables) {
  const participations = tables.table('conversation_participations');
  await db.schema.createTable(participations, (table) => {
    table.bigInteger('id').primary();
    table.text('account_id').notNullable();
    table.text('context').notNullable();
    table.specificType('recipient_ids', 'text[]').notNullable();
    table.boolean('read').notNullable();
    // The newest direct status delivered: what "last activity" orders and pages by (Mastodon's last_status_id).
    table.bigInteger('last_status_id').notNullable();
    table.unique(['account_id', 'context']);
    table.index(['account_id', 'last_status_id']);
    // The `recipients[]` filter compares a context's participants.
    table.index(['context']);
  });
  await db.raw('create index ?? on ?? (account_id) where not read', [
    `${participations}_unread_index`,
    participations,
  ]);
  // The direct statuses of each context and whom they address: a participation's `last_status` is the newest
  // one its owner may see, worked out when read (blocks change, statuses are deleted).
  await db.schema.createTable(tables.table('conversation_statuses'), (table) => {
    table.bigInteger('status_id').primary();
    table.text('context').notNullable();
    table.text('account_id').notNullable();
    table.specificType('addressed', 'text[]').notNullable();
    table.index(['context', 'status_id']);
  });
}

async function directPosted(trx: Knex.Transaction, d: StatusPostedData, tables: Tables) {
  if (d.visibility !== 'direct') return;
  const addressed = [...new Set([d.accountId, ...d.mentions.map((m) => m.accountId)])];
  await trx(tables.table('conversation_statuses'))
    .insert({ status_id: d.statusId, context: d.context, account_id: d.accountId, addressed })
    .onConflict('status_id')
    .ignore();
}

async function apply(trx: Knex.Transaction, event: Event, tables: Tables): Promise<void> {
  const participations = () => trx(tables.table('conversation_participations'));
  switch (event.type) {
    case 'ConversationStarted': {
      const d = event.data;
      // A participation deleted earlier in this context gives way (a replay meets it again before its deletion).
      await participations()
        .where({ account_id: d.accountId, context: d.context })
        .whereNot({ id: d.participationId })
        .delete();
      const row = { recipient_ids: d.recipientIds, read: d.read, last_status_id: d.statusId };
      await trx.raw(
        `insert into ?? as p (id, account_id, context, recipient_ids, read, last_status_id)
         values (?, ?, ?, ?::text[], ?, ?)
         on conflict (id) do update set recipient_ids = excluded.recipient_ids, read = excluded.read,
           last_status_id = excluded.last_status_id
         where p.account_id = excluded.account_id`,
        [
          tables.table('conversation_participations'),
          d.participationId,
          d.accountId,
          d.context,
          row.recipient_ids,
          row.read,
          row.last_status_id,
        ],
      );
      return;
    }
    case 'ConversationStatusAdded': {
      const { participationId, statusId, read } = event.data;
      const lastStatus = trx.raw('greatest(last_status_id, ?::bigint)', [statusId]);
      await participations()
        .where({ id: participationId })
        .update(read === null ? { last_status_id: lastStatus } : { last_status_id: lastStatus, read });
      return;
    }
    case 'ConversationRecipientsChanged':
      await participations()
        .where({ id: event.data.participationId })
        .update({ recipient_ids: event.data.recipientIds });
      return;
    case 'ConversationRead':
      await participations().where({ id: event.data.participationId }).update({ read: true });
      return;
    case 'ConversationDeleted':
      await participations().where({ id: event.data.participationId }).delete();
      return;
    case 'StatusPosted':
      return directPosted(trx, event.data, tables);
    case 'StatusDeleted':
      await trx(tables.table('conversation_statuses')).where({ status_id: event.data.statusId }).delete();
      return;
    case 'AccountDeleted':
      await participations().where({ account_id: event.data.accountId }).delete();
      return;
    default:
      assertNever(event);
  }
}

/**
 * The conversations read model (§6, §12.6): every participation with its recipients, read flag and last
 * activity, and the direct statuses of each context. One model serves the Mastodon and Pleroma endpoints,
 * `direct_conversation_id` and the owner's `unread_conversation_count`.
 */
export const conversationsProjector: Projector = {
  name: CONVERSATIONS_PROJECTOR,
  version: 1,
  handles: [...conversationEventTypes, 'StatusPosted', 'StatusDeleted', 'AccountDeleted'],
  tables: ['conversation_participations', 'conversation_statuses'],
  createTables,
  apply: (trx, recorded: RecordedEvent, tables) =>
    apply(trx, { type: recorded.type, data: recorded.data } as Event, tables),
};
