import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import type { RelationshipEvent } from '../../domain/relationship/events.js';
import { idAtTime } from '../../domain/shared/ids.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables } from '../projector.js';
import { type ArrayValue, sqlArray } from '../sqlArray.js';
import { recountFollows } from './followCounts.js';
import { unfeedEndedFollows } from './homeFeed.js';
import { REBLOGS_CHOICE_TYPES, writeReblogsChoices } from './reblogMutes.js';

/**
 * The relationships projector's follows (projector.ts has the rest): its `follows` rows, their counts, the
 * home feeds an ended follow takes the followed account's statuses out of, and the reblogs choice a follow
 * carries (reblogMutes.ts).
 */

type Tables = ProjectionTables;
type FollowEvent = Extract<RelationshipEvent, { data: { followerId: string; followedId: string } }>;

/**
 * A follow (or request) becomes the pair's row, whatever was there; an ended one goes. A move or an import
 * applies these once per follower, so they run as prepared statements: building and planning them for every
 * event cost more than executing them.
 */
const upsertFollow = (table: string) => `insert into "${table}"
    (follower_id, followed_id, pending, home_since_id, since_position)
  values ($1, $2, $3, $4, $5)
  on conflict (follower_id, followed_id) do update set pending = excluded.pending,
    home_since_id = excluded.home_since_id, since_position = excluded.since_position`;
const deleteFollow = (table: string) => `delete from "${table}" where follower_id = $1 and followed_id = $2`;

/** A follow event on its pair's row, then the pair's counts (followCounts.ts). */
export async function applyFollow(
  trx: Knex.Transaction,
  tables: Tables,
  recorded: RecordedEvent,
  event: FollowEvent,
) {
  await writeFollow(trx, tables, recorded, event);
  if (REBLOGS_CHOICE_TYPES.has(event.type)) await writeReblogsChoices(trx, tables, [recorded]);
  if (event.type !== 'ShowingReblogsChanged')
    await recountFollows(trx, tables, {
      followerIds: [event.data.followerId],
      followedIds: [event.data.followedId],
    });
}

async function writeFollow(
  trx: Knex.Transaction,
  tables: Tables,
  recorded: RecordedEvent,
  event: FollowEvent,
) {
  const follows = () => trx(tables.table('follows'));
  const since = {
    home_since_id: idAtTime(new Date(recorded.metadata.time)),
    since_position: recorded.position.toString(),
  };
  switch (event.type) {
    case 'Followed':
    case 'FollowRequested': {
      const { followerId, followedId } = event.data;
      const pending = event.type === 'FollowRequested';
      await preparedQuery(trx, upsertFollow(tables.table('follows')), [
        followerId,
        followedId,
        pending,
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
      await unfeedEndedFollows(trx, tables, [event.data]);
      return;
    case 'ShowingReblogsChanged':
      // Only the reblog mutes hold it (applyFollow).
      return;
  }
}

/** The follow events that set or remove a pair's row whatever it held: the last one of a pair decides it. */
export const keyedFollowTypes = new Set([
  'Followed',
  'FollowRequested',
  'Unfollowed',
  'FollowRequestRejected',
  'FollowRequestCancelled',
]);
const upsertFollows = (table: string) => `insert into "${table}"
    (follower_id, followed_id, pending, home_since_id, since_position)
  select * from unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[], $5::bigint[])
  on conflict (follower_id, followed_id) do update set pending = excluded.pending,
    home_since_id = excluded.home_since_id, since_position = excluded.since_position`;
/**
 * The pairs' rows found one by one by key (a lateral subquery: `offset 0` keeps it from being flattened), then
 * deleted by row address. As a join with the pairs, a run's thousand pairs were planned as a hash of the whole
 * table, several times slower until the table is far larger than a run. The projector is its tables' only
 * writer (one batch at a time), so the addresses still hold when the delete runs.
 */
const deleteFollows = (table: string) => `delete from "${table}" where ctid = any(array(
  select f.ctid from unnest($1::text[], $2::text[]) as d(follower_id, followed_id)
  cross join lateral (select f.ctid from "${table}" f
    where f.follower_id = d.follower_id and f.followed_id = d.followed_id offset 0) f))`;

/**
 * A run of keyed follow events (a move's or an import's thousands) as one upsert and one delete: each pair ends
 * as its last event leaves it, as when applied one by one, since each of them replaces the whole row or
 * removes it. Then one recount of every account the run touched.
 */
export async function applyFollowRun(trx: Knex.Transaction, tables: Tables, run: readonly RecordedEvent[]) {
  const last = new Map<string, RecordedEvent>();
  // Every pair whose follow ended in the run, even if a new one followed: the old follow's statuses leave the
  // feed either way (one by one, the ending event takes them out before the new follow starts).
  const ended = new Map<string, { followerId: string; followedId: string }>();
  for (const recorded of run) {
    const { followerId, followedId } = recorded.data as { followerId: string; followedId: string };
    const key = `${followerId}\u0000${followedId}`;
    last.set(key, recorded);
    if (recorded.type !== 'Followed' && recorded.type !== 'FollowRequested')
      ended.set(key, { followerId, followedId });
  }
  const upserts: ArrayValue[][] = [[], [], [], [], []];
  const deletes: string[][] = [[], []];
  for (const recorded of last.values()) {
    const data = recorded.data as { followerId: string; followedId: string };
    if (recorded.type === 'Followed' || recorded.type === 'FollowRequested') {
      const row = [
        data.followerId,
        data.followedId,
        recorded.type === 'FollowRequested',
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
  if (upserts[0]!.length > 0) await preparedQuery(trx, upsertFollows(follows), upserts.map(sqlArray));
  if (deletes[0]!.length > 0) await preparedQuery(trx, deleteFollows(follows), deletes.map(sqlArray));
  await unfeedEndedFollows(trx, tables, [...ended.values()]);
  await writeReblogsChoices(trx, tables, run);
  const pairs = [...last.values()].map(({ data }) => data as { followerId: string; followedId: string });
  await recountFollows(trx, tables, {
    followerIds: pairs.map((pair) => pair.followerId),
    followedIds: pairs.map((pair) => pair.followedId),
  });
}
