import type { Knex } from 'knex';
import { preparedJsonValue } from '../../db/jsonBatch.js';
import type { FocalPoint } from '../../domain/media/events.js';

/** The only code that reads the media read model (practice 7). */

/** One upload as the read model holds it. */
export interface MediaRecord {
  id: string;
  ownerId: string;
  key: string;
  url: string;
  mimeType: string;
  size: number;
  width: number | null;
  height: number | null;
  description: string | null;
  focus: FocalPoint | null;
  createdAt: Date;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): MediaRecord {
  return {
    id: String(row.id),
    ownerId: row.owner_id as string,
    key: row.storage_key as string,
    url: row.url as string,
    mimeType: row.mime_type as string,
    size: Number(row.size),
    width: row.width as number | null,
    height: row.height as number | null,
    description: row.description as string | null,
    focus: row.focus as FocalPoint | null,
    // A Date from a column; an ISO string when the row came as JSON (mediaJson).
    createdAt: new Date(row.created_at as Date | string),
  };
}

const MAX_BIGINT = 9223372036854775807n;

/** Media ids are positive 64-bit integers in decimal; anything else names no media (and must not reach SQL). */
export function isMediaId(id: unknown): id is string {
  return typeof id === 'string' && /^\d{1,19}$/.test(id) && BigInt(id) <= MAX_BIGINT;
}

export async function findMediaById(db: Knex, id: string): Promise<MediaRecord | undefined> {
  if (!isMediaId(id)) return undefined;
  const row = await db('media').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/**
 * The attachments `ownerId` uploaded among `ids`, in the order of `ids` (each once): what posting a status
 * with `media_ids` attaches. Unknown ids and other accounts' media are left out, as Pleroma leaves them out.
 */
export async function findAttachmentsByIds(
  db: Knex,
  ids: readonly string[],
  ownerId: string,
): Promise<MediaRecord[]> {
  const wanted = [...new Set(ids.filter(isMediaId).map((id) => BigInt(id).toString()))];
  if (wanted.length === 0) return [];
  const rows: Row[] = await db('media').whereIn('id', wanted).andWhere({ owner_id: ownerId });
  const byId = new Map(rows.map((row) => [String(row.id), toRecord(row)]));
  return wanted.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Uploads whose ids `idsSql` (an SQL expression of type bigint[]) names, whoever owns them, as one JSON array
 * value (SQL): what the statuses gathered for a render have attached. Read back with mediaOfJson.
 */
export const mediaJson = (idsSql: string) =>
  `(select coalesce(json_agg(x), '[]') from (select m.id::text as id, m.owner_id, m.storage_key, m.url,
    m.mime_type, m.size, m.width, m.height, m.description, m.focus, m.created_at
    from media m where m.id = any(${idsSql})) x)`;

/** Records of mediaJson's rows, keyed by id. */
export const mediaOfJson = (rows: readonly Row[]): Map<string, MediaRecord> =>
  new Map(rows.map((row) => [row.id as string, toRecord(row)]));

/** Uploads by id, whoever owns them, keyed by id (mediaJson). */
export async function findMediaByIds(db: Knex, ids: readonly string[]): Promise<Map<string, MediaRecord>> {
  const wanted = [...new Set(ids.filter(isMediaId))];
  if (wanted.length === 0) return new Map();
  return mediaOfJson(
    (await preparedJsonValue<Row[]>(db, `select ${mediaJson('$1::bigint[]')}`, [wanted])) ?? [],
  );
}
