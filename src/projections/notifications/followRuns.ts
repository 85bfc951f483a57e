import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import {
  type NewNotification,
  NO_RELATION,
  notificationId,
  notificationsFor,
  type RecipientFacts,
} from '../../domain/notification/rules.js';
import type { Followed, FollowRequested, Unfollowed } from '../../domain/relationship/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables } from '../projector.js';
import { markLastRead } from './causes.js';
import { pairFacts } from './relations.js';

/**
 * What a move or an import is made of: follows (causes that change one relation flag) and unfollows. A run of
 * them is applied as a handful of set-based statements instead of ~7 per event, with exactly the rows the
 * events leave one by one (see applyFollowRun).
 */
export const followRunTypes = new Set(['Followed', 'FollowRequested', 'Unfollowed']);

type RunEvent = Followed | FollowRequested | Unfollowed;
const key = (accountId: string, otherId: string) => `${accountId}\u0000${otherId}`;

interface Planned {
  notification: NewNotification;
  id: string;
  time: Date;
  recorded: RecordedEvent;
}

const insertNotifications = (table: string) => `insert into "${table}"
    (account_id, id, type, actor_id, status_id, target_id, emoji, emoji_url, cause, seen, created_at)
  select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::boolean[], $11::timestamptz[])
  on conflict do nothing returning account_id, cause`;
const openMarkers = (table: string) => `insert into "${table}" as a (account_id, marker_updated_at)
  select * from unnest($1::text[], $2::timestamptz[])
  on conflict (account_id) do update set marker_updated_at = coalesce(a.marker_updated_at, excluded.marker_updated_at)`;
const setFollows = (table: string) => `insert into "${table}" (account_id, other_id, follows)
  select * from unnest($1::text[], $2::text[], $3::boolean[])
  on conflict (account_id, other_id) do update set follows = excluded.follows`;
const unsetFollows = (table: string) => `update "${table}" r set follows = false
  from unnest($1::text[], $2::text[]) as u(account_id, other_id)
  where r.account_id = u.account_id and r.other_id = u.other_id`;

/**
 * The run's decisions in log order, from the relations as they stood before it plus what its own earlier events
 * changed: within such a run only `follows` flags move, and a follow notification reads just one of them (the
 * recipient following the actor, for block_from_strangers).
 */
async function decide(trx: Knex.Transaction, tables: ProjectionTables, events: readonly RecordedEvent[]) {
  const causes = events.filter((event) => event.type !== 'Unfollowed');
  const facts = await pairFacts(
    trx,
    tables,
    causes.map((event) => [event.data.followerId as string, event.data.followedId as string]),
  );
  const follows = new Map<string, { accountId: string; otherId: string; follows: boolean; set: boolean }>();
  const planned: Planned[] = [];
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as unknown as RunEvent;
    const { followerId, followedId } = event.data;
    const pair = key(followerId, followedId);
    if (event.type === 'Unfollowed') {
      const known = follows.get(pair);
      follows.set(pair, {
        accountId: followerId,
        otherId: followedId,
        follows: false,
        set: known?.set ?? false,
      });
      continue;
    }
    if (event.type === 'Followed')
      follows.set(pair, { accountId: followerId, otherId: followedId, follows: true, set: true });
    const loaded = facts.get(pair) ?? NO_RELATION;
    const recipient: RecipientFacts = {
      ...loaded,
      followsActor: follows.get(key(followedId, followerId))?.follows ?? loaded.followsActor,
    };
    const time = new Date(recorded.metadata.time);
    const cause = { statusAuthorId: null, subscriberIds: [] };
    for (const notification of notificationsFor(event, cause, () => recipient, time)) {
      planned.push({ notification, id: notificationId(recorded.id, time), time, recorded });
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
    await preparedQuery(trx, setFollows(relations), columns);
  }
  if (unset.length > 0) {
    await preparedQuery(trx, unsetFollows(relations), [
      unset.map((p) => p.accountId),
      unset.map((p) => p.otherId),
    ]);
  }
}

/**
 * The notifications in log order (a cause repeated within the run keeps its first, as `unique (account_id,
 * cause)` does one by one), each new recipient's marker opened at its first, and the marker's last read id
 * moved for those created seen, once, at the last of them.
 */
async function writeNotifications(trx: Knex.Transaction, tables: ProjectionTables, planned: Planned[]) {
  if (planned.length === 0) return;
  const column = <T>(of: (p: Planned) => T) => planned.map(of);
  const inserted = await preparedQuery<{ account_id: string; cause: string }>(
    trx,
    insertNotifications(tables.table('notifications')),
    [
      column((p) => p.notification.recipientId),
      column((p) => p.id),
      column((p) => p.notification.type),
      column((p) => p.notification.actorId),
      column((p) => p.notification.statusId),
      column((p) => p.notification.targetId),
      column((p) => p.notification.emoji),
      column((p) => p.notification.emojiUrl),
      column((p) => p.notification.cause),
      column((p) => p.notification.seen),
      column((p) => p.time.toISOString()),
    ],
  );
  const created = new Set(inserted.map((row) => key(row.account_id, row.cause)));
  // Of a cause repeated within the run, only the first was inserted (the statement inserts in order).
  const kept = planned.filter((p) => created.delete(key(p.notification.recipientId, p.notification.cause)));
  const firstTime = new Map<string, string>();
  const lastSeen = new Map<string, RecordedEvent>();
  for (const p of kept) {
    const accountId = p.notification.recipientId;
    if (!firstTime.has(accountId)) firstTime.set(accountId, p.time.toISOString());
    if (p.notification.seen) lastSeen.set(accountId, p.recorded);
  }
  if (firstTime.size > 0) {
    await preparedQuery(trx, openMarkers(tables.table('notification_accounts')), [
      [...firstTime.keys()],
      [...firstTime.values()],
    ]);
  }
  for (const [accountId, recorded] of lastSeen) await markLastRead(trx, tables, accountId, recorded);
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
