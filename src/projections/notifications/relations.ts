import type { Knex } from 'knex';
import type { AccountDeleted } from '../../domain/account/index.js';
import type { RecipientFacts } from '../../domain/notification/rules.js';
import type { RelationshipEvent } from '../../domain/relationship/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { ProjectionTables } from '../projector.js';

/**
 * The notifications read model's own copy of who follows, blocks, mutes and subscribes to whom, one row per
 * ordered pair (`account_id` towards `other_id`). Kept here rather than read from the relationships read
 * model: a notification is decided on the relation as it was when its cause happened, and a rebuild, which
 * replays the log, must see the relations of that moment, not today's.
 */
export async function createRelationTables(db: Knex, tables: ProjectionTables) {
  await db.schema.createTable(tables.table('notification_relations'), (table) => {
    table.text('account_id').notNullable();
    table.text('other_id').notNullable().index();
    table.boolean('follows').notNullable().defaultTo(false);
    table.boolean('blocks').notNullable().defaultTo(false);
    table.boolean('muted').notNullable().defaultTo(false);
    table.boolean('mute_notifications').notNullable().defaultTo(false);
    table.timestamp('mute_expires_at', { useTz: true });
    table.boolean('subscribed').notNullable().defaultTo(false);
    table.primary(['account_id', 'other_id']);
  });
}

type Event = RelationshipEvent | AccountDeleted;
type Values = Record<string, boolean | string | null>;

export async function applyRelation(trx: Knex.Transaction, tables: ProjectionTables, event: Event) {
  const relations = tables.table('notification_relations');
  const set = (accountId: string, otherId: string, values: Values) =>
    trx(relations)
      .insert({ account_id: accountId, other_id: otherId, ...values })
      .onConflict(['account_id', 'other_id'])
      .merge(values);
  // Ending something that was never there needs no row.
  const unset = (accountId: string, otherId: string, values: Values) =>
    trx(relations).where({ account_id: accountId, other_id: otherId }).update(values);
  switch (event.type) {
    case 'Followed':
    case 'FollowRequestAuthorized':
      return set(event.data.followerId, event.data.followedId, { follows: true });
    case 'FollowRequestRejected':
    case 'FollowRequestCancelled':
    case 'Unfollowed':
      return unset(event.data.followerId, event.data.followedId, { follows: false });
    case 'FollowRequested':
    case 'ShowingReblogsChanged':
      return;
    case 'Blocked':
      // A block ends the follows both ways.
      await set(event.data.blockerId, event.data.blockedId, { blocks: true, follows: false });
      return unset(event.data.blockedId, event.data.blockerId, { follows: false });
    case 'Unblocked':
      return unset(event.data.blockerId, event.data.blockedId, { blocks: false });
    case 'Muted': {
      const { muterId, mutedId, notifications, expiresAt } = event.data;
      return set(muterId, mutedId, {
        muted: true,
        mute_notifications: notifications,
        mute_expires_at: expiresAt,
      });
    }
    case 'Unmuted':
      return unset(event.data.muterId, event.data.mutedId, {
        muted: false,
        mute_notifications: false,
        mute_expires_at: null,
      });
    case 'SubscriptionAdded':
      return set(event.data.subscriberId, event.data.targetId, { subscribed: true });
    case 'SubscriptionRemoved':
      return unset(event.data.subscriberId, event.data.targetId, { subscribed: false });
    case 'AccountDeleted': {
      const id = event.data.accountId;
      await trx(relations).where('account_id', id).orWhere('other_id', id).delete();
      return;
    }
    default:
      assertNever(event);
  }
}

type Row = Record<string, unknown>;

const FACTS_COLUMNS = `coalesce(o.blocks, false) as blocks, coalesce(i.blocks, false) as blocked_by,
  coalesce(o.follows, false) as follows, coalesce(o.muted, false) as muted, o.mute_notifications,
  o.mute_expires_at, coalesce(s.block_from_strangers, false) as block_from_strangers`;

const toFacts = (row: Row): RecipientFacts => ({
  blocksActor: row.blocks as boolean,
  blockedByActor: row.blocked_by as boolean,
  followsActor: row.follows as boolean,
  mute: row.muted
    ? {
        notifications: row.mute_notifications as boolean,
        expiresAt: row.mute_expires_at ? (row.mute_expires_at as Date).toISOString() : null,
      }
    : null,
  blockFromStrangers: row.block_from_strangers as boolean,
});

/** Each recipient's relation to the actor and settings, as of now in the replay: one round trip. */
export async function recipientFacts(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  actorId: string,
  recipientIds: readonly string[],
): Promise<Map<string, RecipientFacts>> {
  if (recipientIds.length === 0) return new Map();
  const { rows } = await trx.raw(
    `select c.id, ${FACTS_COLUMNS}
     from unnest(?::text[]) as c(id)
     left join ?? o on o.account_id = c.id and o.other_id = ?
     left join ?? i on i.account_id = ? and i.other_id = c.id
     left join ?? s on s.account_id = c.id`,
    [
      [...new Set(recipientIds)],
      tables.table('notification_relations'),
      actorId,
      tables.table('notification_relations'),
      actorId,
      tables.table('notification_accounts'),
    ],
  );
  return new Map((rows as Row[]).map((row) => [row.id as string, toFacts(row)]));
}

/**
 * recipientFacts for many [actor, recipient] pairs at once (a run of follows), keyed `actor\0recipient`.
 */
export async function pairFacts(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  pairs: readonly (readonly [actorId: string, recipientId: string])[],
): Promise<Map<string, RecipientFacts>> {
  if (pairs.length === 0) return new Map();
  const { rows } = await trx.raw(
    `select c.actor, c.recipient, ${FACTS_COLUMNS}
     from unnest(?::text[], ?::text[]) as c(actor, recipient)
     left join ?? o on o.account_id = c.recipient and o.other_id = c.actor
     left join ?? i on i.account_id = c.actor and i.other_id = c.recipient
     left join ?? s on s.account_id = c.recipient`,
    [
      pairs.map(([actor]) => actor),
      pairs.map(([, recipient]) => recipient),
      tables.table('notification_relations'),
      tables.table('notification_relations'),
      tables.table('notification_accounts'),
    ],
  );
  return new Map((rows as Row[]).map((row) => [`${row.actor}\u0000${row.recipient}`, toFacts(row)]));
}

/** Who subscribed to `accountId` (§5.1), as of now in the replay. */
export async function subscribersOf(trx: Knex.Transaction, tables: ProjectionTables, accountId: string) {
  const rows: Row[] = await trx(tables.table('notification_relations'))
    .where({ other_id: accountId, subscribed: true })
    .select('account_id');
  return rows.map((row) => row.account_id as string);
}
