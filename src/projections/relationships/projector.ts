import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import type { AccountDeleted, Moved } from '../../domain/account/index.js';
import { type RelationshipEvent, relationshipEventTypes } from '../../domain/relationship/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import { idAtTime } from '../../domain/shared/ids.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import { applyInRuns } from '../batch.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const RELATIONSHIPS_PROJECTOR = 'relationships';

type Event = RelationshipEvent | Moved | AccountDeleted;
type Tables = ProjectionTables;

async function createTables(db: Knex, tables: Tables) {
  await db.schema.createTable(tables.table('follows'), (table) => {
    table.text('follower_id').notNullable();
    table.text('followed_id').notNullable();
    // A follow request of a locked account, not yet authorized.
    table.boolean('pending').notNullable();
    table.boolean('showing_reblogs').notNullable().defaultTo(true);
    // Home shows the followed account's statuses with ids from here on: the moment the follow took effect.
    table.bigInteger('home_since_id').notNullable();
    // Global position of the event that made the row what it is (request, follow or authorization).
    table.bigInteger('since_position').notNullable();
    table.primary(['follower_id', 'followed_id']);
    table.index(['followed_id', 'pending', 'follower_id']);
  });
  await db.schema.createTable(tables.table('blocks'), (table) => {
    table.text('blocker_id').notNullable();
    table.text('blocked_id').notNullable().index();
    table.primary(['blocker_id', 'blocked_id']);
  });
  await db.schema.createTable(tables.table('mutes'), (table) => {
    table.text('muter_id').notNullable();
    table.text('muted_id').notNullable();
    table.boolean('notifications').notNullable();
    // Past it the mute no longer counts; queries compare with now() (no event marks the end).
    table.timestamp('expires_at', { useTz: true });
    table.primary(['muter_id', 'muted_id']);
  });
  await db.schema.createTable(tables.table('account_subscriptions'), (table) => {
    table.text('subscriber_id').notNullable();
    table.text('target_id').notNullable().index();
    table.primary(['subscriber_id', 'target_id']);
  });
  await db.schema.createTable(tables.table('account_moves'), (table) => {
    table.text('account_id').primary();
    table.text('target_account_id').notNullable();
  });
}

/**
 * A follow (or request) becomes the pair's row, whatever was there; an ended one goes. A move or an import
 * applies these once per follower, so they run as prepared statements: building and planning them for every
 * event cost more than executing them.
 */
const upsertFollow = (table: string) => `insert into "${table}"
    (follower_id, followed_id, pending, showing_reblogs, home_since_id, since_position)
  values ($1, $2, $3, $4, $5, $6)
  on conflict (follower_id, followed_id) do update set pending = excluded.pending,
    showing_reblogs = excluded.showing_reblogs, home_since_id = excluded.home_since_id,
    since_position = excluded.since_position`;
const deleteFollow = (table: string) => `delete from "${table}" where follower_id = $1 and followed_id = $2`;

async function applyFollow(trx: Knex.Transaction, tables: Tables, recorded: RecordedEvent, event: Event) {
  const follows = () => trx(tables.table('follows'));
  const since = {
    home_since_id: idAtTime(new Date(recorded.metadata.time)),
    since_position: recorded.position.toString(),
  };
  switch (event.type) {
    case 'Followed':
    case 'FollowRequested': {
      const { followerId, followedId, showingReblogs } = event.data;
      const pending = event.type === 'FollowRequested';
      await preparedQuery(trx, upsertFollow(tables.table('follows')), [
        followerId,
        followedId,
        pending,
        showingReblogs,
        since.home_since_id,
        since.since_position,
      ]);
      return;
    }
    case 'FollowRequestAuthorized':
      await follows()
        .where({ follower_id: event.data.followerId, followed_id: event.data.followedId, pending: true })
        .update({ pending: false, ...since });
      return;
    case 'FollowRequestRejected':
    case 'FollowRequestCancelled':
    case 'Unfollowed':
      await preparedQuery(trx, deleteFollow(tables.table('follows')), [
        event.data.followerId,
        event.data.followedId,
      ]);
      return;
    case 'ShowingReblogsChanged':
      await follows()
        .where({ follower_id: event.data.followerId, followed_id: event.data.followedId })
        .update({ showing_reblogs: event.data.showingReblogs });
      return;
  }
}

/** The follow events that set or remove a pair's row whatever it held: the last one of a pair decides it. */
const keyedFollowTypes = new Set([
  'Followed',
  'FollowRequested',
  'Unfollowed',
  'FollowRequestRejected',
  'FollowRequestCancelled',
]);
const upsertFollows = (table: string) => `insert into "${table}"
    (follower_id, followed_id, pending, showing_reblogs, home_since_id, since_position)
  select * from unnest($1::text[], $2::text[], $3::boolean[], $4::boolean[], $5::bigint[], $6::bigint[])
  on conflict (follower_id, followed_id) do update set pending = excluded.pending,
    showing_reblogs = excluded.showing_reblogs, home_since_id = excluded.home_since_id,
    since_position = excluded.since_position`;
const deleteFollows = (table: string) => `delete from "${table}" f
  using unnest($1::text[], $2::text[]) as d(follower_id, followed_id)
  where f.follower_id = d.follower_id and f.followed_id = d.followed_id`;

/**
 * A run of keyed follow events (a move's or an import's thousands) as one upsert and one delete: each pair ends
 * as its last event leaves it, as when applied one by one, since each of them replaces the whole row or
 * removes it.
 */
async function applyFollowRun(trx: Knex.Transaction, tables: Tables, run: readonly RecordedEvent[]) {
  const last = new Map<string, RecordedEvent>();
  for (const recorded of run) {
    const { followerId, followedId } = recorded.data as { followerId: string; followedId: string };
    const key = `${followerId}\u0000${followedId}`;
    last.set(key, recorded);
  }
  const upserts: unknown[][] = [[], [], [], [], [], []];
  const deletes: string[][] = [[], []];
  for (const recorded of last.values()) {
    const data = recorded.data as { followerId: string; followedId: string; showingReblogs?: boolean };
    if (recorded.type === 'Followed' || recorded.type === 'FollowRequested') {
      const row = [
        data.followerId,
        data.followedId,
        recorded.type === 'FollowRequested',
        data.showingReblogs,
        idAtTime(new Date(recorded.metadata.time)),
        recorded.position.toString(),
      ];
      for (const [column, value] of row.entries()) upserts[column]!.push(value);
    } else {
      deletes[0]!.push(data.followerId);
      deletes[1]!.push(data.followedId);
    }
  }
  const follows = tables.table('follows');
  if (upserts[0]!.length > 0) await preparedQuery(trx, upsertFollows(follows), upserts);
  if (deletes[0]!.length > 0) await preparedQuery(trx, deleteFollows(follows), deletes);
}

/**
 * Who relates to whom (§12.2): follows and pending requests, blocks, mutes, subscriptions, and where accounts
 * moved to (§1.9). Every write is an upsert or a delete by key, so applying an event twice changes nothing.
 * A deleted account's relationships go with it (Pleroma's deletion unfollows and unblocks).
 */
export const relationshipsProjector: Projector = {
  name: RELATIONSHIPS_PROJECTOR,
  version: 1,
  handles: [...relationshipEventTypes, 'Moved', 'AccountDeleted'],
  tables: ['follows', 'blocks', 'mutes', 'account_subscriptions', 'account_moves'],
  createTables,

  applyBatch(trx: Knex.Transaction, events: readonly RecordedEvent[], tables: Tables) {
    return applyInRuns(
      trx,
      relationshipsProjector,
      events,
      tables,
      (recorded) => keyedFollowTypes.has(recorded.type),
      (run) => applyFollowRun(trx, tables, run),
    );
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: Tables) {
    const event = { type: recorded.type, data: recorded.data } as Event;
    const table = (name: string) => trx(tables.table(name));
    switch (event.type) {
      case 'Followed':
      case 'FollowRequested':
      case 'FollowRequestAuthorized':
      case 'FollowRequestRejected':
      case 'FollowRequestCancelled':
      case 'Unfollowed':
      case 'ShowingReblogsChanged':
        return applyFollow(trx, tables, recorded, event);
      case 'Blocked':
        await table('blocks')
          .insert({ blocker_id: event.data.blockerId, blocked_id: event.data.blockedId })
          .onConflict(['blocker_id', 'blocked_id'])
          .ignore();
        return;
      case 'Unblocked':
        await table('blocks')
          .where({ blocker_id: event.data.blockerId, blocked_id: event.data.blockedId })
          .delete();
        return;
      case 'Muted': {
        const { muterId, mutedId, notifications, expiresAt } = event.data;
        const row = { notifications, expires_at: expiresAt };
        await table('mutes')
          .insert({ muter_id: muterId, muted_id: mutedId, ...row })
          .onConflict(['muter_id', 'muted_id'])
          .merge(row);
        return;
      }
      case 'Unmuted':
        await table('mutes').where({ muter_id: event.data.muterId, muted_id: event.data.mutedId }).delete();
        return;
      case 'SubscriptionAdded':
        await table('account_subscriptions')
          .insert({ subscriber_id: event.data.subscriberId, target_id: event.data.targetId })
          .onConflict(['subscriber_id', 'target_id'])
          .ignore();
        return;
      case 'SubscriptionRemoved':
        await table('account_subscriptions')
          .where({ subscriber_id: event.data.subscriberId, target_id: event.data.targetId })
          .delete();
        return;
      case 'Moved': {
        const row = { account_id: event.data.accountId, target_account_id: event.data.targetAccountId };
        await table('account_moves').insert(row).onConflict('account_id').merge();
        return;
      }
      case 'AccountDeleted': {
        const id = event.data.accountId;
        await table('follows').where('follower_id', id).orWhere('followed_id', id).delete();
        await table('blocks').where('blocker_id', id).orWhere('blocked_id', id).delete();
        await table('mutes').where('muter_id', id).orWhere('muted_id', id).delete();
        await table('account_subscriptions').where('subscriber_id', id).orWhere('target_id', id).delete();
        await table('account_moves').where('account_id', id).delete();
        return;
      }
      default:
        assertNever(event);
    }
  },
};
