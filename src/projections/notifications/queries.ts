import type { Knex } from 'knex';
import { numbered } from '../../db/prepared.js';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationSettings,
} from '../../domain/notification/events.js';
import type { NotificationType } from '../../domain/notification/rules.js';
import { notDeactivated } from '../accounts/queries.js';
import { type PageRead, readPage } from '../pageRead.js';
import { type Page, pageBounds, pageRows } from '../pagination.js';
import {
  embeddedStatuses,
  type StatusRecord,
  statusFromJson,
  statusJsonColumn,
} from '../statuses/queries.js';
import { hiddenActors, MUTE_IN_FORCE, NOTIFICATION_VISIBILITY } from './fragments.js';

/** The only code that reads the notifications read model (practice 7). */

export interface NotificationRecord {
  id: string;
  type: NotificationType;
  actorId: string;
  statusId: string | null;
  targetId: string | null;
  emoji: string | null;
  emojiUrl: string | null;
  seen: boolean;
  /** The reader mutes the actor now (`pleroma.is_muted`). */
  isMuted: boolean;
  /** The status of `statusId`, read with the notification; undefined when it is gone. */
  status: StatusRecord | undefined;
  createdAt: Date;
}

export interface NotificationFilter {
  /** Only these types (`types[]`, or Pleroma's `include_types[]`). */
  types?: readonly string[];
  excludeTypes?: readonly string[];
  /** Only from this account (`account_id`). */
  actorId?: string;
  /** Also from accounts muted with their notifications (`with_muted`). */
  withMuted?: boolean;
  /** Not those of these visibilities (`exclude_visibilities[]`; see NOTIFICATION_VISIBILITY). */
  excludeVisibilities?: readonly string[];
}

type Row = Record<string, unknown>;

const ID = /^\d{1,19}$/;
const MAX_ID = 9223372036854775807n;
/** Notification ids are positive 64-bit integers; anything else names none (and must not reach SQL). */
export const isNotificationId = (id: unknown): id is string =>
  typeof id === 'string' && ID.test(id) && BigInt(id) <= MAX_ID;

function toRecord(row: Row): NotificationRecord {
  return {
    id: row.id as string,
    type: row.type as NotificationType,
    actorId: row.actor_id as string,
    statusId: row.status_id as string | null,
    targetId: row.target_id as string | null,
    emoji: row.emoji as string | null,
    emojiUrl: row.emoji_url as string | null,
    seen: row.seen as boolean,
    isMuted: row.is_muted as boolean,
    status: statusFromJson(row.status),
    // A Date from a column; an ISO string when the row came as JSON (notificationsPage).
    createdAt: new Date(row.created_at as Date | string),
  };
}

/**
 * A notification's columns, with whether the reader mutes its actor and the status it is about (the
 * statuses read model's own SQL), in the same round trip. Ids as text: pages arrive as JSON, whose numbers
 * would round them.
 */
const COLUMNS = `n.id::text as id, n.type, n.actor_id, n.status_id::text as status_id, n.target_id, n.emoji,
  n.emoji_url, n.seen, n.created_at,
  exists (select 1 from notification_relations m
    where m.account_id = n.account_id and m.other_id = n.actor_id and ${MUTE_IN_FORCE}) as is_muted,
  ${statusJsonColumn('n.status_id', 'status')}`;

/**
 * `GET /api/v1/notifications`: a page, newest first. Written as SQL rather than built: a hot read, and the
 * query builder cost more than the query.
 */
export function notificationsPageRead(
  accountId: string,
  filter: NotificationFilter,
  page: Page,
): PageRead<NotificationRecord> {
  const conditions = [
    'n.account_id = ?',
    `n.actor_id not in (${hiddenActors(filter.withMuted ?? false)})`,
    // Before the limit, so a page is full (Pleroma's for_user_query joins on active actors).
    notDeactivated('n.actor_id'),
  ];
  const bindings: unknown[] = [accountId, accountId];
  if (filter.types && filter.types.length > 0) {
    conditions.push('n.type = any(?::text[])');
    bindings.push([...filter.types]);
  }
  if (filter.excludeTypes && filter.excludeTypes.length > 0) {
    conditions.push('n.type <> all(?::text[])');
    bindings.push([...filter.excludeTypes]);
  }
  if (filter.actorId !== undefined) {
    conditions.push('n.actor_id = ?');
    bindings.push(filter.actorId);
  }
  if (filter.excludeVisibilities && filter.excludeVisibilities.length > 0) {
    conditions.push(`${NOTIFICATION_VISIBILITY} <> all(?::text[])`);
    bindings.push([...filter.excludeVisibilities]);
  }
  const [bounds, values] = pageBounds('n.id', page);
  conditions.push(bounds);
  bindings.push(...values, page.limit);
  const order = page.minId !== undefined ? 'asc' : 'desc';
  const sql = `select ${COLUMNS} from notifications n where ${conditions.join(' and ')}
    order by n.id ${order} limit ?`;
  return {
    sql: numbered(sql),
    values: bindings,
    order: `x.id::bigint ${order}`,
    statuses: embeddedStatuses('status'),
    accounts: 'select actor_id from page union select target_id from page where target_id is not null',
    records: (rows) => pageRows(rows.map(toRecord), page),
  };
}

/** notificationsPageRead read alone. */
export const notificationsPage = (db: Knex, accountId: string, filter: NotificationFilter, page: Page) =>
  readPage(db, notificationsPageRead(accountId, filter, page));

/** One of the account's notifications, whoever caused it; undefined for another's or a malformed id. */
export async function findNotification(
  db: Knex,
  accountId: string,
  id: string,
): Promise<NotificationRecord | undefined> {
  if (!isNotificationId(id)) return undefined;
  const row = await db('notifications as n')
    .select(db.raw(COLUMNS))
    .where({ 'n.account_id': accountId, 'n.id': id })
    .first();
  return row ? toRecord(row) : undefined;
}

/** Which of these ids name notifications of the account, each once (malformed ones name none). */
export async function ownNotificationIds(
  db: Knex,
  accountId: string,
  ids: readonly string[],
): Promise<string[]> {
  const valid = [...new Set(ids.filter(isNotificationId))];
  if (valid.length === 0) return [];
  const rows: { id: string }[] = await db('notifications')
    .where({ account_id: accountId })
    .whereIn('id', valid)
    .orderBy('id')
    .select(db.raw('id::text as id'));
  return rows.map((row) => row.id);
}

/** Unseen notifications (`unread_notifications_count`, the marker's `unread_count`): all of them, as Pleroma counts. */
export async function unreadCount(db: Knex, accountId: string): Promise<number> {
  const row = await db('notifications')
    .where({ account_id: accountId, seen: false })
    .count({ count: '*' })
    .first();
  return Number(row?.count ?? 0);
}

export async function notificationSettings(db: Knex, accountId: string): Promise<NotificationSettings> {
  const row = await db('notification_accounts').where({ account_id: accountId }).first();
  if (!row) return DEFAULT_NOTIFICATION_SETTINGS;
  return {
    blockFromStrangers: row.block_from_strangers as boolean,
    hideNotificationContents: row.hide_notification_contents as boolean,
  };
}

/**
 * What the owner's Account shows (§12.1) of the account `accountSql` (SQL of its id), as one JSON value for a
 * larger statement: `{settings: {block_from_strangers, hide_notification_contents} | null, unread}`, the unread
 * count 0 unless `counted` (a count of every unseen notification). Read back with ownNotificationFactsOf.
 */
export const ownNotificationFactsJson = (accountSql: string, counted: boolean) => `json_build_object(
  'settings', (select json_build_object('block_from_strangers', a.block_from_strangers,
      'hide_notification_contents', a.hide_notification_contents)
    from notification_accounts a where a.account_id = ${accountSql}),
  'unread', ${counted ? `(select count(*) from notifications n where n.account_id = ${accountSql} and not n.seen)` : '0'})`;

type OwnFactsJson = { settings: Record<string, boolean> | null; unread: number };

export const ownNotificationFactsOf = (json: OwnFactsJson) => ({
  settings: json.settings
    ? {
        blockFromStrangers: json.settings.block_from_strangers === true,
        hideNotificationContents: json.settings.hide_notification_contents === true,
      }
    : DEFAULT_NOTIFICATION_SETTINGS,
  unreadCount: json.unread,
});

export interface NotificationsMarker {
  lastReadId: string;
  updatedAt: Date;
  unreadCount: number;
}

/** The notifications marker, once it exists. */
export async function notificationsMarker(
  db: Knex,
  accountId: string,
): Promise<NotificationsMarker | undefined> {
  const row = await db('notification_accounts as a')
    .where('a.account_id', accountId)
    .whereNotNull('a.marker_updated_at')
    .first(
      'a.marker_last_read_id',
      'a.marker_updated_at',
      db.raw(
        '(select count(*) from notifications n where n.account_id = a.account_id and not n.seen)::int as unread',
      ),
    );
  if (!row) return undefined;
  return {
    lastReadId: (row.marker_last_read_id as string | null) ?? '',
    updatedAt: row.marker_updated_at as Date,
    unreadCount: row.unread as number,
  };
}
