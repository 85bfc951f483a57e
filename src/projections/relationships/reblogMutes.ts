import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables } from '../projector.js';
import { sqlArray } from '../sqlArray.js';

/**
 * The relationships projector's reblog mutes: who does not show whose reblogs (`reblogs=false` on follow).
 * Pleroma keeps them apart from the follow, as a user relationship of their own, so an unfollow leaves them
 * and §12.2's `showing_reblogs` shows them whether or not the account is followed.
 */

type Tables = ProjectionTables;
interface ReblogsChoice {
  followerId: string;
  followedId: string;
  showingReblogs: boolean;
}

export async function createReblogMutesTable(db: Knex, tables: Tables) {
  await db.schema.createTable(tables.table('reblog_mutes'), (table) => {
    table.text('follower_id').notNullable();
    table.text('followed_id').notNullable();
    table.primary(['follower_id', 'followed_id']);
  });
}

/** The events that set a pair's reblogs choice: a follow or request, and a change of it. */
export const REBLOGS_CHOICE_TYPES = new Set(['Followed', 'FollowRequested', 'ShowingReblogsChanged']);

const muteReblogs = (table: string) => `insert into "${table}" (follower_id, followed_id)
  select * from unnest($1::text[], $2::text[]) on conflict do nothing`;
/**
 * A join, not `in (…)`: with no reblog mutes (the usual case, and a move's thousands of follows) the hash join
 * finds its inner side empty and never reads the pairs.
 */
const showReblogs = (
  table: string,
) => `delete from "${table}" r using unnest($1::text[], $2::text[]) as d(f, t)
  where r.follower_id = d.f and r.followed_id = d.t`;

/**
 * Each pair's last choice among `events` (any other kind is passed over), in two statements at most: the muted
 * pairs inserted, the showing ones deleted.
 */
export async function writeReblogsChoices(
  trx: Knex.Transaction,
  tables: Tables,
  events: readonly RecordedEvent[],
) {
  const last = new Map<string, ReblogsChoice>();
  for (const recorded of events) {
    if (!REBLOGS_CHOICE_TYPES.has(recorded.type)) continue;
    const choice = recorded.data as unknown as ReblogsChoice;
    last.set(`${choice.followerId}\u0000${choice.followedId}`, choice);
  }
  const table = tables.table('reblog_mutes');
  for (const showing of [false, true]) {
    const pairs = [...last.values()].filter((choice) => choice.showingReblogs === showing);
    if (pairs.length === 0) continue;
    const columns = [pairs.map((p) => p.followerId), pairs.map((p) => p.followedId)].map(sqlArray);
    await preparedQuery(trx, showing ? showReblogs(table) : muteReblogs(table), columns);
  }
}

/** A deleted account's reblog mutes, both ways. */
export async function forgetReblogMutes(trx: Knex.Transaction, tables: Tables, accountId: string) {
  await trx(tables.table('reblog_mutes'))
    .where('follower_id', accountId)
    .orWhere('followed_id', accountId)
    .delete();
}
