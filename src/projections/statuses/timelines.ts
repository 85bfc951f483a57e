import type { Knex } from 'knex';
import { numbered } from '../../db/prepared.js';
import { type Page, pageBounds, pageRows } from '../pagination.js';
import { followedStatusesSource, notBlocking, notMuting } from '../relationships/queries.js';
import { followedStatusesWithMutedSource, forReader, type ReaderFilter } from './readerFilters.js';
import { jsonRows, list, SELECT_STATUSES, type StatusRecord, statuses, toRecord } from './records.js';

/** The timelines over the statuses read model (re-exported by queries.ts, the folder's front door). */

/**
 * Where a home timeline's statuses come from: each source names the status ids of one index for the viewer
 * (`?` in `where` is the viewer's id), is bounded by the page on its own, and the timeline is their union.
 * Each leaves out what the reader does not want before its limit, so a page is never short.
 */
interface HomeSource {
  from: string;
  /** The status id column. */
  id: string;
  where: string;
  /** The status's visibility column, for `exclude_visibilities`. */
  visibility: string;
}

/** What the home timeline leaves out beside the reader's blocks and (unless `withMuted`) mutes. */
export type HomeFilter = Omit<ReaderFilter, 'viewerId'>;

function homeSources(filter: HomeFilter): HomeSource[] {
  const notMuted = (author: string) => (filter.withMuted ? '' : ` and ${notMuting('r.account_id', author)}`);
  return [
    // The viewer's own: blocking or muting oneself is refused, so nothing to leave out.
    { from: 'statuses', id: 'id', where: 'account_id = ?', visibility: 'visibility' },
    // Addressed to the viewer: its author is a probe away (the statuses primary key), then blocks and mutes.
    {
      from: 'status_recipients r join statuses a on a.id = r.status_id',
      id: 'r.status_id',
      where: `r.account_id = ? and ${notBlocking('r.account_id', 'a.account_id')}${notMuted('a.account_id')}`,
      visibility: 'a.visibility',
    },
    // Followed accounts' (relationships/queries.ts): a block ends the follow, and the source leaves mutes out.
    {
      ...(filter.withMuted ? followedStatusesWithMutedSource : followedStatusesSource),
      visibility: 's.visibility',
    },
  ];
}

/**
 * `GET /api/v1/timelines/home`: one round trip. Written as SQL rather than built: this is the hottest read,
 * and the query builder costs more CPU than the query itself.
 */
export async function homeTimeline(
  db: Knex,
  viewerId: string,
  page: Page,
  filter: HomeFilter = {},
): Promise<StatusRecord[]> {
  const order = page.minId !== undefined ? 'asc' : 'desc';
  const excluded = filter.excludeVisibilities ?? [];
  const bindings: unknown[] = [];
  const sources = homeSources(filter).map((source) => {
    const [bounds, values] = pageBounds(source.id, page);
    const visible = excluded.length > 0 ? ` and ${source.visibility} <> all(?::text[])` : '';
    bindings.push(viewerId, ...values, ...(excluded.length > 0 ? [excluded] : []), page.limit + page.offset);
    return `(select ${source.id} as id from ${source.from} where ${source.where} and ${bounds}${visible}
      order by ${source.id} ${order} limit ?)`;
  });
  const sql = `${SELECT_STATUSES} where s.id in (${sources.join(' union all ')})
    order by s.id ${order} limit ? offset ?`;
  const rows = await jsonRows(db, numbered(sql), [...bindings, page.limit, page.offset], order);
  return pageRows(rows.map(toRecord), page);
}

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
  tag: string,
  page: Page,
  reader: ReaderFilter = { viewerId: null },
): Promise<StatusRecord[]> {
  const query = statuses(db)
    .join('status_tags as t', 't.status_id', 's.id')
    .where('t.tag', tag.toLowerCase())
    .where('s.visibility', 'public');
  return list(db, forReader(query, reader), page);
}
