import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import type { StatusPostedData } from '../../domain/status/events.js';
import type { ProjectionTables } from '../projector.js';
import { sqlArray } from '../sqlArray.js';

/**
 * Home feeds, written when a status is posted (fan-out on write): one row per account whose home timeline
 * shows the status, so reading a home page is one index range instead of merging the account's own
 * statuses, those addressed to it and every followed account's. A status goes to its author, to the accounts
 * it addresses, and (unless direct) to the author's followers whose follow took effect before it
 * (`home_since_id`, as the follows read model keeps it). An ended follow takes the followed account's
 * statuses out of the follower's feed, except those addressed to the follower. Blocks and mutes are left to
 * the read, as they come and go without touching the feed.
 */

type Tables = ProjectionTables;

export async function createHomeFeedTable(db: Knex, tables: Tables): Promise<void> {
  await db.schema.createTable(tables.table('home_feed'), (table) => {
    table.text('account_id').notNullable();
    table.bigInteger('status_id').notNullable();
    table.text('author_id').notNullable();
    table.text('visibility').notNullable();
    // Addressed to the account (a mention): it stays when the account stops following the author.
    table.boolean('addressed').notNullable();
    table.primary(['account_id', 'status_id']);
    // An ended follow, and a deleted author, find their rows by author.
    table.index(['author_id', 'account_id']);
    table.index(['status_id']);
  });
}

/**
 * The author, the addressed accounts and the followers, each once (a mentioned follower is addressed). On a
 * replay the follows are those of a later moment, but a follow's `home_since_id` keeps later followers out,
 * and a follow ended since has taken the row out again, so the rows come out the same.
 */
const feedStatus = (feed: string, follows: string) => `insert into "${feed}"
    (account_id, status_id, author_id, visibility, addressed)
  select account_id, $1::bigint, $2::text, $3::text, bool_or(addressed) from (
    select $2::text as account_id, false as addressed
    union all select m.id, true from unnest($4::text[]) as m(id)
    union all select f.follower_id, false from "${follows}" f
      where f.followed_id = $2 and not f.pending and f.home_since_id <= $1::bigint and $3 <> 'direct'
  ) reached group by account_id
  on conflict (account_id, status_id) do update set addressed = excluded.addressed`;

/** StatusPosted: the status into every feed that shows it. */
export async function feedPostedStatus(trx: Knex.Transaction, tables: Tables, data: StatusPostedData) {
  const addressed = data.mentions.map((mention) => mention.accountId);
  await preparedQuery(trx, feedStatus(tables.table('home_feed'), tables.table('follows')), [
    data.statusId,
    data.accountId,
    data.visibility,
    sqlArray(addressed),
  ]);
}

/** StatusDeleted: out of every feed. */
export async function unfeedStatus(trx: Knex.Transaction, tables: Tables, statusId: string) {
  await trx(tables.table('home_feed')).where('status_id', statusId).delete();
}

/**
 * Ended follows (unfollows, rejected or cancelled requests, a move's thousands): the followed accounts'
 * statuses leave their followers' feeds unless addressed to them. Rows are found one pair at a time by the
 * author index (a lateral subquery, `offset 0` keeps it from being flattened into a hash of the whole feed).
 */
const endFollows = (feed: string) => `delete from "${feed}" where ctid = any(array(
  select h.ctid from unnest($1::text[], $2::text[]) as d(follower_id, followed_id)
  cross join lateral (select h.ctid from "${feed}" h
    where h.author_id = d.followed_id and h.account_id = d.follower_id and not h.addressed offset 0) h))`;

export async function unfeedEndedFollows(
  trx: Knex.Transaction,
  tables: Tables,
  ended: readonly { followerId: string; followedId: string }[],
) {
  if (ended.length === 0) return;
  await preparedQuery(trx, endFollows(tables.table('home_feed')), [
    sqlArray(ended.map((pair) => pair.followerId)),
    sqlArray(ended.map((pair) => pair.followedId)),
  ]);
}

/** AccountDeleted: its feed, and its statuses in everyone's. */
export async function forgetHomeFeed(trx: Knex.Transaction, tables: Tables, accountId: string) {
  await trx(tables.table('home_feed')).where('account_id', accountId).delete();
  await trx(tables.table('home_feed')).where('author_id', accountId).delete();
}
