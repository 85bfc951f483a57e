import type { Knex } from 'knex';
import { numbered } from '../../db/prepared.js';
import { notDeactivated } from '../accounts/queries.js';
import { type PageRead, readPage } from '../pageRead.js';
import { type Page, pageBounds, pageRows } from '../pagination.js';
import { HOME_FEED, notBlocking, notMuting } from '../relationships/queries.js';
import {
  forReader,
  notAddressingBlocked,
  notAddressingMuted,
  type ReaderFilter,
  replyKept,
} from './readerFilters.js';
import {
  list,
  SELECT_STATUSES,
  STATUS_GATHER_COLUMNS,
  type StatusRecord,
  statuses,
  toRecord,
} from './records.js';

/** The timelines over the statuses read model (re-exported by queries.ts, the folder's front door). */

/** What the home timeline leaves out beside the reader's blocks and (unless `withMuted`) mutes. */
export type HomeFilter = Omit<ReaderFilter, 'viewerId'> & {
  onlyMedia?: boolean;
  /** Only remote statuses: Annals has none yet. */
  remoteOnly?: boolean;
};

/**
 * `GET /api/v1/timelines/home`: one round trip, a page of the viewer's feed (relationships/queries.ts
 * HOME_FEED) read by its primary key, leaving out authors the viewer blocks or (unless `withMuted`) mutes
 * and the excluded visibilities before the limit, so a page is never short. Written as SQL rather than
 * built: this is the hottest read, and the query builder costs more CPU than the query itself.
 */
export function homeTimelineRead(
  viewerId: string,
  page: Page,
  filter: HomeFilter = {},
): PageRead<StatusRecord> {
  const order = page.minId !== undefined ? 'asc' : 'desc';
  const excluded = filter.excludeVisibilities ?? [];
  const [bounds, values] = pageBounds(HOME_FEED.statusId, page);
  // The viewer as the statement's first parameter (the feed's key below), for the guards decided once.
  const viewer = '$1::text';
  const { accountId, statusId, authorId } = HOME_FEED;
  const conditions = [
    `${accountId} = ?`,
    bounds,
    notBlocking(accountId, authorId),
    notAddressingBlocked(accountId, statusId, authorId, viewer),
    notDeactivated(authorId),
  ];
  if (!filter.withMuted) {
    conditions.push(notMuting(accountId, authorId));
    conditions.push(notAddressingMuted(accountId, statusId, authorId, viewer));
  }
  if (filter.onlyMedia)
    conditions.push(`exists (select 1 from statuses m where m.id = ${HOME_FEED.statusId} and m.has_media)`);
  if (filter.remoteOnly) conditions.push('false');
  if (filter.replyVisibility) {
    const inReplyToSql = `(select r.in_reply_to_id from statuses r where r.id = ${HOME_FEED.statusId})`;
    const status = { idSql: HOME_FEED.statusId, authorSql: HOME_FEED.authorId, inReplyToSql };
    conditions.push(replyKept(filter.replyVisibility, HOME_FEED.accountId, status));
  }
  if (excluded.length > 0) conditions.push(`${HOME_FEED.visibility} <> all(?::text[])`);
  const feed = `select ${HOME_FEED.statusId} from ${HOME_FEED.from} where ${conditions.join(' and ')}
    order by ${HOME_FEED.statusId} ${order} limit ?`;
  const sql = `${SELECT_STATUSES} where s.id in (${feed}) order by s.id ${order} limit ?`;
  const bindings = [viewerId, ...values, ...(excluded.length > 0 ? [excluded] : []), page.limit, page.limit];
  return {
    sql: numbered(sql),
    values: bindings,
    order: `x.id::bigint ${order}`,
    statuses: `select ${STATUS_GATHER_COLUMNS} from page`,
    records: (rows) => pageRows(rows.map(toRecord), page),
  };
}

/** homeTimelineRead read alone. */
export const homeTimeline = (db: Knex, viewerId: string, page: Page, filter: HomeFilter = {}) =>
  readPage(db, homeTimelineRead(viewerId, page, filter));

export interface PublicTimelineFilter {
  onlyMedia?: boolean;
  /** Only remote statuses: Annals has none yet. */
  remoteOnly?: boolean;
}

/** `GET /api/v1/timelines/public`: public statuses only (every status is local, so `local` changes nothing). */
export function publicTimeline(
  db: Knex,
  page: Page,
  filter: PublicTimelineFilter = {},
  reader: ReaderFilter = { viewerId: null },
): Promise<StatusRecord[]> {
  const query = statuses(db).where('s.visibility', 'public');
  if (filter.onlyMedia) query.where('s.has_media', true);
  if (filter.remoteOnly) query.whereRaw('false');
  return list(db, forReader(query, reader), page);
}

/** `GET /api/v1/timelines/tag/:hashtag`: public statuses with the tag. */
export function tagTimeline(
  db: Knex,
  tags: TagFilter,
  page: Page,
  reader: ReaderFilter = { viewerId: null },
): Promise<StatusRecord[]> {
  const lower = (list: readonly string[] = []) => [...new Set(list.map((tag) => tag.toLowerCase()))];
  const [any, all, none] = [lower(tags.any), lower(tags.all), lower(tags.none)];
  // The status's tags among some (one array parameter each, so the statement's text stays the same).
  const among = 'from status_tags t where t.status_id = s.id and t.tag = any(?::text[])';
  const query = statuses(db).whereRaw(`exists (select 1 ${among})`, [any]).where('s.visibility', 'public');
  if (all.length > 0) query.whereRaw(`(select count(*) ${among}) = ?`, [all, all.length]);
  if (none.length > 0) query.whereRaw(`not exists (select 1 ${among})`, [none]);
  if (tags.onlyMedia) query.where('s.has_media', true);
  return list(db, forReader(query, reader), page);
}

/**
 * `GET /api/v1/timelines/tag/:hashtag` (Pleroma's hashtag timeline): statuses with the hashtag or any of `any`,
 * with every one of `all`, and none of `none` (any case), with media only if `onlyMedia`.
 */
export interface TagFilter {
  any: readonly string[];
  all?: readonly string[];
  none?: readonly string[];
  onlyMedia?: boolean;
}
