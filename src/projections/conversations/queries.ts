import type { Knex } from 'knex';
import { preparedJsonRows, preparedJsonValue } from '../../db/jsonBatch.js';
import { numbered } from '../../db/prepared.js';
import { isParticipationId } from '../../domain/conversation/events.js';
import { type PageRead, readPage } from '../pageRead.js';
import { type Page, pageBounds, pageRows } from '../pagination.js';
import { blockingNoneOf, notBlocking } from '../relationships/queries.js';
import {
  embeddedStatuses,
  type StatusRecord,
  statusFromJson,
  statusJsonColumn,
} from '../statuses/queries.js';

/** The only code that reads the conversations read model (practice 7). */

export interface ParticipationRecord {
  id: string;
  accountId: string;
  context: string;
  /** The owner included. */
  recipientIds: string[];
  read: boolean;
  /** The newest direct status delivered: the order of the list and its page cursor. */
  lastActivityId: string;
  /** The newest direct status of the context the owner may see (not by an account they block), if any. */
  lastStatusId: string | null;
  /** That status, read with the participation. */
  lastStatus: StatusRecord | undefined;
}

type Row = Record<string, unknown>;

const toRecord = (row: Row): ParticipationRecord => ({
  id: row.id as string,
  accountId: row.account_id as string,
  context: row.context as string,
  recipientIds: row.recipient_ids as string[],
  read: row.read as boolean,
  lastActivityId: row.last_status_id as string,
  lastStatusId: (row.last_visible_status_id as string | null) ?? null,
  lastStatus: statusFromJson(row.last_status),
});

/**
 * Pleroma's fetch_latest_direct_activity_id_for_context for the owner of `p`: the newest direct status of
 * the context addressed to them (or theirs), leaving out those by accounts they block or, unless theirs,
 * addressed to one (restrict_blocked).
 */
const LAST_STATUS = `lateral (
  select cs.status_id as last_visible_status_id from conversation_statuses cs
  where cs.context = p.context and p.account_id = any(cs.addressed)
    and ${notBlocking('p.account_id', 'cs.account_id')}
    and (cs.account_id = p.account_id or ${blockingNoneOf('p.account_id', 'select unnest(cs.addressed)')})
  order by cs.status_id desc limit 1) ls`;

/**
 * Ids cast to text: the hot reads answer their rows as JSON (preparedJsonRows). The last status comes with
 * its participation (the statuses read model's own SQL), in the same round trip.
 */
const SELECT = `select p.id::text as id, p.account_id, p.context, p.recipient_ids, p.read,
  p.last_status_id::text as last_status_id, ls.last_visible_status_id::text as last_visible_status_id,
  ${statusJsonColumn('ls.last_visible_status_id', 'last_status')}
  from conversation_participations p`;

/** Participations by id, each with its last status; unknown and malformed ids are left out. */
export async function findParticipations(db: Knex, ids: readonly string[]): Promise<ParticipationRecord[]> {
  const valid = [...new Set(ids.filter(isParticipationId))];
  if (valid.length === 0) return [];
  const rows = await preparedJsonRows<Row>(
    db,
    `${SELECT} left join ${LAST_STATUS} on true where p.id = any($1::bigint[])`,
    [valid],
    'x.last_status_id::bigint desc',
  );
  return rows.map(toRecord);
}

/** One participation, whoever owns it (the caller checks). */
export async function findParticipation(db: Knex, id: string): Promise<ParticipationRecord | undefined> {
  return (await findParticipations(db, [id]))[0];
}

/**
 * `GET /api/v1/conversations`: the owner's participations by last activity, newest first, paged on it
 * (the Link cursors are last-activity ids, as Mastodon's are). Those without a status the owner may see are
 * left out, as Pleroma does. `participants` (the `recipients[]` filter, owner included): only conversations
 * whose participants are exactly these accounts.
 */
export function conversationsPageRead(
  accountId: string,
  page: Page,
  participants?: readonly string[],
): PageRead<ParticipationRecord> {
  const [bounds, values] = pageBounds('p.last_status_id', page);
  const bindings: (string | number | string[])[] = [accountId, ...values];
  let filter = '';
  if (participants) {
    // Sorted arrays compare as sets; "C" is the code-unit order JavaScript sorts by.
    filter = `and array(select q.account_id from conversation_participations q where q.context = p.context
      order by q.account_id collate "C") = ?::text[]`;
    bindings.push([...new Set(participants)].sort());
  }
  const order = page.minId !== undefined ? 'asc' : 'desc';
  const sql = `${SELECT} cross join ${LAST_STATUS}
     where p.account_id = ? and ${bounds} ${filter}
     order by p.last_status_id ${order} limit ?`;
  return {
    sql: numbered(sql),
    values: [...bindings, page.limit],
    order: `x.last_status_id::bigint ${order}`,
    statuses: embeddedStatuses('last_status'),
    accounts: 'select unnest(recipient_ids) from page',
    records: (rows) => pageRows(rows.map(toRecord), page),
  };
}

/** conversationsPageRead read alone. */
export const conversationsPage = (
  db: Knex,
  accountId: string,
  page: Page,
  participants?: readonly string[],
) => readPage(db, conversationsPageRead(accountId, page, participants));

/** `POST /api/v1/pleroma/conversations/read`: the owner's unread participations, by last activity. */
export async function unreadParticipations(db: Knex, accountId: string): Promise<ParticipationRecord[]> {
  const { rows } = await db.raw(
    `${SELECT} left join ${LAST_STATUS} on true where p.account_id = ? and not p.read
     order by p.last_status_id desc`,
    [accountId],
  );
  return (rows as Row[]).map(toRecord);
}

/** unreadConversationCount of the account `accountSql` (SQL of its id), as SQL for a larger statement. */
export const unreadConversationCountSql = (accountSql: string) =>
  `(select count(*)::int from conversation_participations c where c.account_id = ${accountSql} and not c.read)`;

/** `pleroma.unread_conversation_count` of the owner's Account (§12.1). */
export async function unreadConversationCount(db: Knex, accountId: string): Promise<number> {
  return (
    (await preparedJsonValue<number>(db, `select ${unreadConversationCountSql('$1::text')}`, [accountId])) ??
    0
  );
}

/** §6.3: the viewer's participation id in each of these contexts, keyed by context. */
export async function participationIdsByContext(
  db: Knex,
  accountId: string,
  contexts: readonly string[],
): Promise<Map<string, string>> {
  if (contexts.length === 0) return new Map();
  const rows = await preparedJsonRows<Row>(
    db,
    'select id::text as id, context from conversation_participations where account_id = $1 and context = any($2::text[])',
    [accountId, [...new Set(contexts)]],
  );
  return new Map(rows.map((row) => [row.context as string, row.id as string]));
}
