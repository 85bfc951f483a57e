import type { Knex } from 'knex';
import { preparedJsonRows } from '../../db/jsonBatch.js';
import { preparedSelect } from '../../db/prepared.js';
import type { Mention, StatusApplication, StatusEmojiRef, Visibility } from '../../domain/status/events.js';
import { type Page, pageRows, paginate } from '../pagination.js';

/**
 * How the statuses read model's rows become records: shared by queries.ts and timelines.ts, the folder's
 * readers (practice 7). Nothing outside this folder imports it; StatusRecord is re-exported by queries.ts.
 */

/** One live status as the read model holds it. */
export interface StatusRecord {
  id: string;
  objectId: string;
  accountId: string;
  visibility: Visibility;
  text: string;
  contentHtml: string;
  spoilerText: string;
  sensitive: boolean;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  mentions: Mention[];
  tags: string[];
  language: string | null;
  context: string;
  application: StatusApplication | null;
  repliesCount: number;
  /** Attached uploads' ids, in order (the media read model renders them). */
  mediaIds: string[];
  /** Custom emoji used in the text and spoiler, fixed at post time. */
  emojis: StatusEmojiRef[];
  createdAt: Date;
  /** When it deletes itself (`expires_in`), null never. */
  expiresAt: Date | null;
}

const MAX_BIGINT = 9223372036854775807n;

/** Ids are positive 64-bit integers in decimal; anything else names no status (and must not reach SQL). */
export function isStatusId(id: unknown): id is string {
  return typeof id === 'string' && /^\d{1,19}$/.test(id) && BigInt(id) <= MAX_BIGINT;
}

export type Row = Record<string, unknown>;

export function toRecord(row: Row): StatusRecord {
  return {
    id: row.id as string,
    objectId: row.object_id as string,
    accountId: row.account_id as string,
    visibility: row.visibility as Visibility,
    text: row.text as string,
    contentHtml: row.content_html as string,
    spoilerText: row.spoiler_text as string,
    sensitive: row.sensitive as boolean,
    inReplyToId: row.in_reply_to_id as string | null,
    inReplyToAccountId: row.in_reply_to_account_id as string | null,
    mentions: row.mentions as Mention[],
    tags: row.tags as string[],
    language: row.language as string | null,
    context: row.context as string,
    application: row.application as StatusApplication | null,
    repliesCount: row.replies_count as number,
    mediaIds: (row.media_ids as string[] | null) ?? [],
    emojis: (row.emojis as StatusEmojiRef[] | null) ?? [],
    // A Date from a column; an ISO string when the row came as JSON (jsonRows).
    createdAt: new Date(row.created_at as Date | string),
    expiresAt: row.expires_at ? new Date(row.expires_at as Date | string) : null,
  };
}

const COLUMNS = [
  's.id',
  's.object_id',
  's.account_id',
  's.visibility',
  's.text',
  's.content_html',
  's.spoiler_text',
  's.sensitive',
  's.in_reply_to_id',
  's.in_reply_to_account_id',
  's.mentions',
  's.tags',
  's.language',
  's.context',
  's.application',
  's.replies_count',
  's.media_ids',
  's.emojis',
  's.created_at',
  's.expires_at',
];

/** Every column of `statuses as s`, for queries built with knex. */
export const statuses = (db: Knex) => db('statuses as s').select(COLUMNS);

/**
 * The same columns as SQL text for the hot reads, which run as prepared statements and answer their rows as
 * one JSON array (jsonRows): node parses one value natively instead of ~20 columns per row in JavaScript.
 * Bigint ids are cast to text, as JSON numbers would round them.
 */
export const SELECT_STATUSES = `select ${COLUMNS.map((c) =>
  c === 's.id' || c === 's.in_reply_to_id' ? `${c}::text as ${c.slice(2)}` : c,
).join(', ')} from statuses as s`;

/**
 * What a render gathers about each status is named by these columns (statuses read model types: ids as text,
 * `media_ids` jsonb): a PageRead's `statuses` selects them (api/statuses/gathered.ts).
 */
export const STATUS_GATHER_COLUMNS = 'id, account_id, in_reply_to_id, in_reply_to_account_id, media_ids';

/** A select's rows as one JSON array, in `order` of their ids when given. */
export const jsonRows = (db: Knex, select: string, values: readonly unknown[], order?: 'asc' | 'desc') =>
  preparedJsonRows<Row>(db, select, values, order && `x.id::bigint ${order}`);

/** A page of a knex query over `statuses as s`, as a prepared statement, newest first. */
export async function list(db: Knex, query: Knex.QueryBuilder, page: Page): Promise<StatusRecord[]> {
  const rows = await preparedSelect(db, paginate(query, 's.id', page));
  return pageRows(rows.map(toRecord), page);
}
