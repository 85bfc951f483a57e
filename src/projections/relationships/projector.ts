import type { Knex } from 'knex';
import type { AccountDeleted, Moved } from '../../domain/account/index.js';
import { type RelationshipEvent, relationshipEventTypes } from '../../domain/relationship/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { StatusDeleted, StatusPosted } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import { applyInRuns } from '../batch.js';
import type { ProjectionTables, Projector } from '../projector.js';
import { createFollowCountsTable, forgetFollowCounts, recountFollows } from './followCounts.js';
import { applyFollow, applyFollowRun, keyedFollowTypes } from './follows.js';
import { createHomeFeedTable, feedPostedStatus, forgetHomeFeed, unfeedStatus } from './homeFeed.js';
import { createReblogMutesTable, forgetReblogMutes } from './reblogMutes.js';

export const RELATIONSHIPS_PROJECTOR = 'relationships';

type Event = RelationshipEvent | Moved | AccountDeleted | StatusPosted | StatusDeleted;
type Tables = ProjectionTables;

async function createTables(db: Knex, tables: Tables) {
  await db.schema.createTable(tables.table('follows'), (table) => {
    table.text('follower_id').notNullable();
    table.text('followed_id').notNullable();
    // A follow request of a locked account, not yet authorized.
    table.boolean('pending').notNullable();
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
  await createFollowCountsTable(db, tables);
  await createHomeFeedTable(db, tables);
  await createReblogMutesTable(db, tables);
}

/** A deleted account's follows go both ways (Pleroma's deletion unfollows), and its partners are recounted. */
async function forgetFollows(trx: Knex.Transaction, tables: Tables, accountId: string) {
  const ended: { follower_id: string; followed_id: string }[] = await trx(tables.table('follows'))
    .where('follower_id', accountId)
    .orWhere('followed_id', accountId)
    .delete()
    .returning(['follower_id', 'followed_id']);
  // Who followed it follows one account fewer; whom it followed has a follower (or request) fewer.
  await recountFollows(trx, tables, {
    followerIds: ended.filter((row) => row.followed_id === accountId).map((row) => row.follower_id),
    followedIds: ended.filter((row) => row.follower_id === accountId).map((row) => row.followed_id),
  });
  await forgetFollowCounts(trx, tables, accountId);
}

/**
 * Who relates to whom (§12.2): follows and pending requests with each account's counts of them, blocks, mutes,
 * subscriptions, and where accounts moved to (§1.9). Every write is an upsert or a delete by key, or a recount,
 * so applying an event twice changes nothing. A deleted account's relationships go with it (Pleroma's deletion
 * unfollows and unblocks). The home feeds follow from the follows (homeFeed.ts): each posted status is written
 * into the feeds that show it. Version 2: follow_counts; 3: home_feed; 4: a follow that ended and began again
 * within one batch (a rebuild's, a catch-up's) left the ended follow's statuses in the feed; 5: reblog_mutes,
 * kept apart from the follows (an unfollow kept `showing_reblogs: false` in Pleroma, not here).
 */
export const relationshipsProjector: Projector = {
  name: RELATIONSHIPS_PROJECTOR,
  version: 5,
  handles: [...relationshipEventTypes, 'Moved', 'AccountDeleted', 'StatusPosted', 'StatusDeleted'],
  tables: [
    'follows',
    'blocks',
    'mutes',
    'account_subscriptions',
    'account_moves',
    'follow_counts',
    'home_feed',
    'reblog_mutes',
  ],
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
      case 'StatusPosted':
        return feedPostedStatus(trx, tables, event.data);
      case 'StatusDeleted':
        return unfeedStatus(trx, tables, event.data.statusId);
      case 'AccountDeleted': {
        const id = event.data.accountId;
        await forgetFollows(trx, tables, id);
        await forgetHomeFeed(trx, tables, id);
        await forgetReblogMutes(trx, tables, id);
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
