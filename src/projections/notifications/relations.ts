import type { Knex } from 'knex';
import type { AccountDeleted } from '../../domain/account/index.js';
import { NO_RELATION, type RecipientFacts } from '../../domain/notification/rules.js';
import type { RelationshipEvent } from '../../domain/relationship/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { ProjectionTables } from '../projector.js';
import { sqlArray } from '../sqlArray.js';

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

/**
 * Of [actor, recipient] pairs, those where the recipient's facts are not NO_RELATION, by index: a JSON array
 * of [index, blocks, follows, muted, mute_notifications, mute_expires_at, block_from_strangers].
 * One JSON value parsed natively, and nothing for the (many) plain pairs: a move's list asks about thousands.
 * Each lookup is a lateral subquery by key (`offset 0` keeps the planner from flattening it into a join):
 * knowing a thousand pairs were asked, it would hash both tables whole instead, several times slower until
 * they are far larger than a run.
 */
const factsSql = (relations: string, accounts: string, pairs = 'unnest(?::text[], ?::text[])') => `select
    coalesce(json_agg(json_build_array(c.ord,
    coalesce(o.blocks, false), coalesce(o.follows, false), coalesce(o.muted, false),
    coalesce(o.mute_notifications, false), o.mute_expires_at, coalesce(s.block_from_strangers, false))), '[]')
    as facts
  from ${pairs} with ordinality as c(actor, recipient, ord)
  left join lateral (select r.blocks, r.follows, r.muted, r.mute_notifications, r.mute_expires_at
    from "${relations}" r where r.account_id = c.recipient and r.other_id = c.actor offset 0) o on true
  left join lateral (select a.block_from_strangers from "${accounts}" a
    where a.account_id = c.recipient offset 0) s on true
  where coalesce(o.blocks or o.follows or o.muted, false) or coalesce(s.block_from_strangers, false)`;

type FactsRow = [number, boolean, boolean, boolean, boolean, string | null, boolean];

const toFacts = ([, blocks, follows, muted, notifications, expiresAt, strangers]: FactsRow) => ({
  blocksActor: blocks,
  followsActor: follows,
  mute: muted ? { notifications, expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null } : null,
  blockFromStrangers: strangers,
});

/** A map key for two values about one account (an account and another, or an account and one of its ids). */
export const pairKey = (accountId: string, other: string) => `${accountId}\u0000${other}`;

/** Each pair's facts as of now in the replay, by the pair's index (absent: NO_RELATION): one round trip. */
async function factsOf(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  actorIds: readonly string[],
  recipientIds: readonly string[],
): Promise<Map<number, RecipientFacts>> {
  if (actorIds.length === 0) return new Map();
  const sql = factsSql(tables.table('notification_relations'), tables.table('notification_accounts'));
  // Planned each time, not prepared: the tables grow a lot (a move's first notifications open thousands of
  // accounts), and a plan cached while they were small would scan them once per pair.
  const { rows } = await trx.raw<{ rows: { facts: FactsRow[] }[] }>(sql, [
    sqlArray(actorIds),
    sqlArray(recipientIds),
  ]);
  return new Map((rows[0]?.facts ?? []).map((facts) => [facts[0] - 1, toFacts(facts)]));
}

/** Each recipient's relation to the actor and settings, as of now in the replay (absent: NO_RELATION). */
export async function recipientFacts(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  actorId: string,
  recipientIds: readonly string[],
): Promise<Map<string, RecipientFacts>> {
  const ids = [...new Set(recipientIds)];
  const facts = await factsOf(
    trx,
    tables,
    ids.map(() => actorId),
    ids,
  );
  return new Map([...facts].map(([index, each]) => [ids[index]!, each]));
}

/** recipientFacts for many [actor, recipient] pairs at once (a run of follows), keyed `actor\0recipient`. */
export async function pairFacts(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  pairs: readonly (readonly [actorId: string, recipientId: string])[],
): Promise<Map<string, RecipientFacts>> {
  const facts = await factsOf(
    trx,
    tables,
    pairs.map(([actor]) => actor),
    pairs.map(([, recipient]) => recipient),
  );
  return new Map(
    [...facts].map(([index, each]) => {
      const [actor, recipient] = pairs[index]!;
      return [pairKey(actor, recipient), each];
    }),
  );
}

/** What a favourite or reaction is decided on (causes.ts notifyAlone), read in one round trip. */
export interface StatusCauseFacts {
  /** The event is past the progress: not applied yet. */
  ahead: boolean;
  statusAuthorId: string | null;
  /** The author's relation to the actor. */
  authorFacts: RecipientFacts;
  /** The author has a notification with the id the cause's would take (ids.ts). */
  idTaken: boolean;
}

/**
 * The status's author and their facts towards the actor, whether `position` is still to be applied, and whether
 * the author has a notification with id `notificationId` already, in one statement (planned each time, as
 * factsOf). Without an author the pair is (actor, null): no facts.
 */
export async function statusCauseFacts(
  db: Knex,
  tables: ProjectionTables,
  cause: { statusId: string; actorId: string; position: bigint; notificationId: string },
): Promise<StatusCauseFacts> {
  const { statusId, actorId, position, notificationId } = cause;
  const author = `select account_id from "${tables.table('notification_statuses')}" where status_id = ?`;
  const pairs = `unnest(array[?::text], array(${author}))`;
  const facts = factsSql(
    tables.table('notification_relations'),
    tables.table('notification_accounts'),
    pairs,
  );
  const notifications = tables.table('notifications');
  type Read = { ahead: boolean; author: string | null; facts: FactsRow[]; taken: boolean };
  const { rows } = await db.raw<{ rows: Read[] }>(
    `select (select position < ? from "${tables.table('notification_progress')}") as ahead,
       (${author}) as author, (${facts}) as facts,
       exists (select 1 from "${notifications}" where account_id = (${author}) and id = ?::bigint) as taken`,
    [position.toString(), statusId, actorId, statusId, statusId, notificationId],
  );
  const row = rows[0]!;
  const [first] = row.facts;
  return {
    ahead: row.ahead === true,
    statusAuthorId: row.author,
    authorFacts: first ? toFacts(first) : NO_RELATION,
    idTaken: row.taken === true,
  };
}

/** Who subscribed to `accountId` (§5.1), as of now in the replay. */
export async function subscribersOf(trx: Knex.Transaction, tables: ProjectionTables, accountId: string) {
  const rows: Row[] = await trx(tables.table('notification_relations'))
    .where({ other_id: accountId, subscribed: true })
    .select('account_id');
  return rows.map((row) => row.account_id as string);
}
