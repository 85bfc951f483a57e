import type { Knex } from 'knex';
import { emojiUrlHost } from '../../domain/emoji/reactionEmoji.js';
import { notBlocking, notMuting } from '../relationships/queries.js';
import { isStatusId } from '../statuses/queries.js';

/** The only code that reads the reactions read model (practice 7). */

/** One reaction entry of a status: the emoji as stored, its display name, and its reactors. */
export interface ReactionEntry {
  statusId: string;
  /** Unicode emoji or bare shortcode, as stored (what `GET …/reactions/:emoji` compares with). */
  emoji: string;
  /** §9.4's `name`: `shortcode@host` for a remote custom emoji. */
  name: string;
  url: string | null;
  /** Most recent reactor first (§9.5). */
  accountIds: string[];
}

interface Row {
  status_id: string;
  emoji: string;
  name: string;
  url: string | null;
  account_id: string;
}

/**
 * The reaction entries of a status `s.id` as the viewer `v.id` sees them, as one JSON column,
 * `reaction_entries` (null when none), for statuses/queries.ts readStatusColumns: entries in first-reaction
 * order, each with its reactors most recent first, as reactionEntries orders them, leaving out reactors
 * the viewer blocks or mutes (§9.5; an entry left with none reads back as having no reactors).
 */
export const STATUS_REACTION_COLUMNS = `
  (select json_agg(json_build_object('emoji', e.emoji, 'name', e.name, 'url', e.url, 'accountIds',
      (select json_agg(a.account_id order by a.position desc) from reaction_accounts a
       where a.status_id = e.status_id and a.emoji = e.emoji and a.url_key = e.url_key
         and ${notBlocking('v.id', 'a.account_id')} and ${notMuting('v.id', 'a.account_id')}))
    order by e.first_position)
   from reaction_entries e where e.status_id = s.id) as reaction_entries`;

/** The column above, read back. */
export function reactionEntriesOf(statusId: string, row: Record<string, unknown>): ReactionEntry[] {
  const entries = (row.reaction_entries as Omit<ReactionEntry, 'statusId'>[] | null) ?? [];
  return entries.filter((entry) => entry.accountIds !== null).map((entry) => ({ statusId, ...entry }));
}

/**
 * The reaction entries of a batch of statuses in first-reaction order, keyed by status id; with `emoji`,
 * only the entries stored under exactly that name.
 */
export async function reactionEntries(
  db: Knex,
  statusIds: readonly string[],
  options: { emoji?: string } = {},
): Promise<Map<string, ReactionEntry[]>> {
  const ids = [...new Set(statusIds.filter(isStatusId))];
  if (ids.length === 0) return new Map();
  const query = db('reaction_entries as e')
    .join('reaction_accounts as a', (on) =>
      on.on('a.status_id', 'e.status_id').andOn('a.emoji', 'e.emoji').andOn('a.url_key', 'e.url_key'),
    )
    .whereIn('e.status_id', ids)
    .orderBy([
      { column: 'e.status_id' },
      { column: 'e.first_position' },
      { column: 'a.position', order: 'desc' },
    ])
    .select('e.status_id', 'e.emoji', 'e.name', 'e.url', 'a.account_id');
  if (options.emoji !== undefined) query.where('e.emoji', options.emoji);
  const rows: Row[] = await query;
  const result = new Map<string, ReactionEntry[]>();
  for (const row of rows) {
    const statusId = String(row.status_id);
    const entries = result.get(statusId) ?? [];
    if (entries.length === 0) result.set(statusId, entries);
    const last = entries.at(-1);
    if (last && last.emoji === row.emoji && last.url === row.url) last.accountIds.push(row.account_id);
    else
      entries.push({
        statusId,
        emoji: row.emoji,
        name: row.name,
        url: row.url,
        accountIds: [row.account_id],
      });
  }
  return result;
}

/**
 * §9.1's remote-custom rule: the image URL of a custom reaction `shortcode` already on the status whose
 * URL host is `host`, or null (a remote custom emoji can only be added to, never introduced).
 */
export async function findCustomReactionUrl(
  db: Knex,
  statusId: string,
  shortcode: string,
  host: string,
): Promise<string | null> {
  if (!isStatusId(statusId)) return null;
  const rows: { url: string }[] = await db('reaction_entries')
    .where({ status_id: statusId, emoji: shortcode })
    .whereNotNull('url')
    .orderBy('first_position')
    .select('url');
  return rows.find((row) => emojiUrlHost(row.url) === host)?.url ?? null;
}
