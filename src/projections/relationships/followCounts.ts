import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import type { ProjectionTables } from '../projector.js';
import { sqlArray } from '../sqlArray.js';

/**
 * Each account's followers, following and follow-request counts (§12.1), kept beside `follows` so that every
 * rendered account reads one row instead of counting its follows (three count(*) per account on every page).
 * An account without a row has none. The counts are never moved by +1/-1: whatever changes follows recounts
 * the accounts it touched from `follows`, in the same transaction, so an event applied twice, or a run applied
 * at once rather than one by one, leaves the same counts.
 */
export async function createFollowCountsTable(db: Knex, tables: ProjectionTables) {
  await db.schema.createTable(tables.table('follow_counts'), (table) => {
    table.text('account_id').primary();
    table.integer('followers').notNullable();
    table.integer('following').notNullable();
    table.integer('follow_requests').notNullable();
  });
}

/**
 * An account recounted as followed gets its followers and requests; as a follower, its following. A row
 * created by one of them counts 0 for the other: the first follow to touch an account creates its row (every
 * follow recounts both its ends), so an account without a row has no follows at all. A count that did not
 * change is not written again (a move changes whom its followers follow, not how many).
 */
const recountFollowedSql = (counts: string, follows: string) => `insert into "${counts}" as c
    (account_id, followers, following, follow_requests)
  select t.id, n.followers, 0, n.requests
  from unnest($1::text[]) as t(id)
  cross join lateral (select count(*) filter (where not f.pending) as followers,
      count(*) filter (where f.pending) as requests
    from "${follows}" f where f.followed_id = t.id) n
  on conflict (account_id) do update set followers = excluded.followers,
    follow_requests = excluded.follow_requests
  where (c.followers, c.follow_requests) is distinct from (excluded.followers, excluded.follow_requests)`;
const recountFollowingSql = (counts: string, follows: string) => `insert into "${counts}" as c
    (account_id, followers, following, follow_requests)
  select t.id, 0, (select count(*) from "${follows}" f where f.follower_id = t.id and not f.pending), 0
  from unnest($1::text[]) as t(id)
  on conflict (account_id) do update set following = excluded.following
  where c.following <> excluded.following`;

/** Who a change of follows touched: followers (their following changed) and followed accounts (their followers). */
export interface FollowEnds {
  followerIds: Iterable<string>;
  followedIds: Iterable<string>;
}

/** Recounts the accounts at either end of changed follows (each once), from the follows as they are now. */
export async function recountFollows(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  { followerIds, followedIds }: FollowEnds,
): Promise<void> {
  const [counts, follows] = [tables.table('follow_counts'), tables.table('follows')];
  const followers = [...new Set(followerIds)];
  const followed = [...new Set(followedIds)];
  if (followed.length > 0)
    await preparedQuery(trx, recountFollowedSql(counts, follows), [sqlArray(followed)]);
  if (followers.length > 0)
    await preparedQuery(trx, recountFollowingSql(counts, follows), [sqlArray(followers)]);
}

/** A deleted account's counts go with it (its partners are recounted by the caller). */
export async function forgetFollowCounts(trx: Knex.Transaction, tables: ProjectionTables, accountId: string) {
  await trx(tables.table('follow_counts')).where({ account_id: accountId }).delete();
}
