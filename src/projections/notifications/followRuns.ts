import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import {
  admit,
  type Candidate,
  type CauseEvent,
  candidatesOf,
  NO_RELATION,
  notificationId,
} from '../../domain/notification/rules.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables } from '../projector.js';
import { sqlArray } from '../sqlArray.js';
import { pairFacts, pairKey } from './relations.js';
import { type NotificationRow, writeNotifications } from './writes.js';

/**
 * What a move or an import is made of: follows (causes that change one relation flag), unfollows and the move's
 * lists of followers (causes that change none, each notifying hundreds). A run of them is applied as a handful
 * of set-based statements instead of ~7 per event, with exactly the rows the events leave one by one (see
 * applyFollowRun).
 */
export const followRunTypes = new Set(['Followed', 'FollowRequested', 'Unfollowed', 'MoveFollowersListed']);

type RunCause = Extract<CauseEvent, { type: 'Followed' | 'FollowRequested' | 'MoveFollowersListed' }>;

/** None of a run's causes reads a status or subscribers (causes.ts causeFacts). */
const NO_CAUSE_FACTS = { statusAuthorId: null, subscriberIds: [] };

const setFollows = (table: string) => `insert into "${table}" (account_id, other_id, follows)
  select * from unnest($1::text[], $2::text[], $3::boolean[])
  on conflict (account_id, other_id) do update set follows = excluded.follows`;
/**
 * The rows to unset are found pair by pair by key, and updated by row address: a join with the pairs would be
 * planned as a hash of the whole table (see relationships/follows.ts deleteFollows). This projector is its
 * tables' only writer (one batch at a time), so the addresses still hold when the update runs.
 */
const unsetFollows = (table: string) => `update "${table}" set follows = false where ctid = any(array(
  select r.ctid from unnest($1::text[], $2::text[]) as u(account_id, other_id)
  cross join lateral (select r.ctid from "${table}" r
    where r.account_id = u.account_id and r.other_id = u.other_id offset 0) r))`;

/** Each event's candidates (none for an unfollow), computed once for the facts query and the decisions. */
function candidatesOfRun(events: readonly RecordedEvent[]): Candidate[][] {
  return events.map((recorded) => {
    if (recorded.type === 'Unfollowed') return [];
    return candidatesOf({ type: recorded.type, data: recorded.data } as RunCause, NO_CAUSE_FACTS);
  });
}

/**
 * The run's decisions in log order, from the relations as they stood before it plus what its own earlier events
 * changed: within such a run only `follows` flags move, and a notification reads just one of them (the
 * recipient following the actor, for block_from_strangers).
 */
async function decide(trx: Knex.Transaction, tables: ProjectionTables, events: readonly RecordedEvent[]) {
  const candidates = candidatesOfRun(events);
  const facts = await pairFacts(
    trx,
    tables,
    candidates.flat().map((c) => [c.actorId, c.recipientId] as const),
  );
  const follows = new Map<string, { accountId: string; otherId: string; follows: boolean; set: boolean }>();
  const planned: NotificationRow[] = [];
  for (const [index, recorded] of events.entries()) {
    if (recorded.type === 'Unfollowed' || recorded.type === 'Followed') {
      const { followerId, followedId } = recorded.data as { followerId: string; followedId: string };
      const pair = pairKey(followerId, followedId);
      const followed = recorded.type === 'Followed';
      const set = followed || (follows.get(pair)?.set ?? false);
      follows.set(pair, { accountId: followerId, otherId: followedId, follows: followed, set });
    }
    const mine = candidates[index]!;
    if (mine.length === 0) continue;
    const time = new Date(recorded.metadata.time);
    const id = notificationId(recorded.id, time);
    const createdAt = time.toISOString();
    for (const candidate of mine) {
      const { recipientId, actorId } = candidate;
      const loaded = facts.get(pairKey(actorId, recipientId)) ?? NO_RELATION;
      const followsActor = follows.get(pairKey(recipientId, actorId))?.follows ?? loaded.followsActor;
      const recipient = followsActor === loaded.followsActor ? loaded : { ...loaded, followsActor };
      const notification = admit(candidate, recipient, time);
      if (notification) planned.push({ notification, id, createdAt, recorded });
    }
  }
  return { follows: [...follows.values()], planned };
}

/** The relation rows as the run leaves them: a pair followed in it has a row; one only unfollowed keeps its own. */
async function writeRelations(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  follows: Awaited<ReturnType<typeof decide>>['follows'],
) {
  const relations = tables.table('notification_relations');
  const set = follows.filter((pair) => pair.set);
  const unset = follows.filter((pair) => !pair.set);
  if (set.length > 0) {
    const columns = [set.map((p) => p.accountId), set.map((p) => p.otherId), set.map((p) => p.follows)];
    await preparedQuery(trx, setFollows(relations), columns.map(sqlArray));
  }
  if (unset.length > 0) {
    await preparedQuery(trx, unsetFollows(relations), [
      sqlArray(unset.map((p) => p.accountId)),
      sqlArray(unset.map((p) => p.otherId)),
    ]);
  }
}

/**
 * A run of followRunTypes events, as one by one would leave it: events at or before the progress position are
 * skipped (they were applied), the progress moves to the run's last event, then relations and notifications.
 */
export async function applyFollowRun(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  run: readonly RecordedEvent[],
) {
  const progress = tables.table('notification_progress');
  const [row] = await preparedQuery<{ position: string }>(
    trx,
    `select position::text as position from "${progress}" where id = 1`,
    [],
  );
  const from = BigInt(row?.position ?? 0);
  const last = run.at(-1)!.position;
  if (last <= from) return;
  await preparedQuery(trx, `update "${progress}" set position = $1 where id = 1`, [last.toString()]);
  const events = run.filter((event) => event.position > from);
  const { follows, planned } = await decide(trx, tables, events);
  await writeRelations(trx, tables, follows);
  await writeNotifications(trx, tables, planned);
}
