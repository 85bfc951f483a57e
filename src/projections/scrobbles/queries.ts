import type { Knex } from 'knex';
import type { ListenVisibility } from '../../domain/scrobble/events.js';
import { type Page, pageRows, paginate } from '../pagination.js';

/** The only code that reads the scrobbles read model (practice 7). */

export interface ListenRecord {
  id: string;
  accountId: string;
  title: string;
  artist: string | null;
  album: string | null;
  length: number | null;
  externalLink: string | null;
  visibility: ListenVisibility;
  createdAt: Date;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): ListenRecord {
  return {
    id: String(row.id),
    accountId: row.account_id as string,
    title: row.title as string,
    artist: row.artist as string | null,
    album: row.album as string | null,
    length: row.length === null ? null : Number(row.length),
    externalLink: row.external_link as string | null,
    visibility: row.visibility as ListenVisibility,
    createdAt: row.created_at as Date,
  };
}

export async function findListenById(db: Knex, id: string): Promise<ListenRecord | undefined> {
  const row = await db('scrobbles').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/**
 * An account's listens that `viewerId` may see, newest first, one page (§8.2). Public and unlisted ones are
 * for everyone, the rest for their owner (TODO: private ones for followers once follows exist, issue 4).
 */
export async function accountListens(
  db: Knex,
  accountId: string,
  viewerId: string | null,
  page: Page,
): Promise<ListenRecord[]> {
  const query = db('scrobbles').where({ account_id: accountId });
  if (viewerId !== accountId) query.whereIn('visibility', ['public', 'unlisted']);
  const rows: Row[] = await paginate(query, 'id', page);
  return pageRows(rows, page).map(toRecord);
}
