import type { Knex } from 'knex';
import { preparedJsonValue } from '../../db/jsonBatch.js';
import { isMediaId, type MediaRecord, mediaJson, mediaOfJson } from '../../projections/media/queries.js';
import type { PageRead } from '../../projections/pageRead.js';
import { followedAmongJson } from '../../projections/relationships/queries.js';
import {
  isStatusId,
  privateAuthorsSql,
  type StatusRecord,
  statusColumnsJson,
  statusesJson,
  statusesOfJson,
} from '../../projections/statuses/queries.js';
import { type GatheredAccounts, gatheredAccountsJson, gatheredAccountsOf } from '../accounts/present.js';
import { DEFAULT_STATUS_EXTRAS, type StatusExtras } from '../views/status.js';

type Row = Record<string, unknown>;

/**
 * One read model's contribution to every rendered status (favourites, reactions, …): select-list SQL over
 * the status id `s.id` and the viewer `v.id` (owned by that model's queries.ts), and how to read its columns
 * back. Every provider's columns are read in one statement per batch of statuses.
 */
export interface StatusExtrasProvider {
  columns: string;
  read(row: Row, viewerId: string | null): Partial<StatusExtras>;
}

/**
 * What rendering statuses reads beside them, in one statement: their authors and the accounts they reply to
 * (and any others rendered with them) with their facts, every extras provider's columns, the statuses they
 * reply to that are not among them, their media, and which authors of the private statuses they reply to the
 * viewer follows (`pleroma.parent_visible`).
 */
export interface Gathered {
  accounts: GatheredAccounts;
  extras: Map<string, StatusExtras>;
  parents: Map<string, StatusRecord>;
  media: Map<string, MediaRecord>;
  followedParentAuthors: Set<string>;
}

/** Where a gather takes its ids: SQL array expressions, bound from JavaScript or selected from a page. */
interface GatherIds {
  accounts: string;
  statuses: string;
  parents: string;
  /** Every status replied to, among the statuses or not. */
  repliedTo: string;
  media: string;
  viewer: string;
}

/** Every provider's columns for the statuses (none without providers). */
const extrasJson = (ids: GatherIds, providers: readonly StatusExtrasProvider[]) =>
  providers.length === 0
    ? `'[]'::json`
    : statusColumnsJson(
        ids.statuses,
        ids.viewer,
        providers.map((provider) => provider.columns),
      );

const gatheredJson = (ids: GatherIds, providers: readonly StatusExtrasProvider[]) => `json_build_object(
  'accounts', ${gatheredAccountsJson(ids.accounts, ids.viewer)},
  'extras', ${extrasJson(ids, providers)},
  'parents', ${statusesJson(ids.parents)},
  'media', ${mediaJson(ids.media)},
  'followedParentAuthors', ${followedAmongJson(ids.viewer, privateAuthorsSql(ids.repliedTo))})`;

type GatheredJson = Record<'extras' | 'parents' | 'media', Row[]> & {
  accounts: Parameters<typeof gatheredAccountsOf>[0];
  followedParentAuthors: string[];
};

function gatheredOf(
  json: GatheredJson,
  providers: readonly StatusExtrasProvider[],
  viewerId: string | null,
): Gathered {
  const extrasOf = (row: Row): StatusExtras =>
    Object.assign({}, DEFAULT_STATUS_EXTRAS, ...providers.map((provider) => provider.read(row, viewerId)));
  return {
    accounts: gatheredAccountsOf(json.accounts),
    extras: new Map(json.extras.map((row) => [row.status_id as string, extrasOf(row)])),
    parents: statusesOfJson(json.parents),
    media: mediaOfJson(json.media),
    followedParentAuthors: new Set(json.followedParentAuthors),
  };
}

/** The ids bound from JavaScript: gather's parameters $1…$6. */
const BOUND: GatherIds = {
  accounts: '$1::text[]',
  statuses: '$2::bigint[]',
  parents: '$3::bigint[]',
  media: '$4::bigint[]',
  viewer: '$5::text',
  repliedTo: '$6::bigint[]',
};

/** What rendering these statuses (and the accounts `alsoAccountIds`) reads, for a viewer. */
export async function gather(
  db: Knex,
  statuses: readonly StatusRecord[],
  viewerId: string | null,
  providers: readonly StatusExtrasProvider[],
  alsoAccountIds: readonly string[] = [],
): Promise<Gathered> {
  const ids = new Set(statuses.map((s) => s.id));
  const accounts = statuses.flatMap((s) =>
    s.inReplyToAccountId ? [s.accountId, s.inReplyToAccountId] : [s.accountId],
  );
  const repliedTo = new Set(
    statuses.flatMap((s) => (s.inReplyToId ? [s.inReplyToId] : [])).filter(isStatusId),
  );
  const values = [
    [...new Set([...accounts, ...alsoAccountIds])],
    [...ids].filter(isStatusId),
    [...repliedTo].filter((id) => !ids.has(id)),
    [...new Set(statuses.flatMap((s) => s.mediaIds).filter(isMediaId))],
    viewerId,
    [...repliedTo],
  ];
  const json = await preparedJsonValue<GatheredJson>(db, `select ${gatheredJson(BOUND, providers)}`, values);
  return gatheredOf(json!, providers, viewerId);
}

/**
 * The same ids as gather takes from statuses, selected from a page's statuses `st` (PageRead `statuses`) and
 * more accounts (PageRead `accounts`, over the page `page`).
 */
const selectedIds = (accounts: string | undefined, viewer: string): GatherIds => ({
  accounts: `array(select account_id from st
    union select in_reply_to_account_id from st where in_reply_to_account_id is not null
    ${accounts ? `union ${accounts}` : ''})`,
  statuses: 'array(select distinct id::bigint from st)',
  parents: `array(select distinct in_reply_to_id::bigint from st
    where in_reply_to_id is not null and in_reply_to_id not in (select id from st))`,
  repliedTo: 'array(select distinct in_reply_to_id::bigint from st where in_reply_to_id is not null)',
  media: 'array(select distinct jsonb_array_elements_text(media_ids)::bigint from st)',
  viewer,
});

/**
 * A page and what rendering it reads, in one statement (one round trip instead of two): the page's rows, then
 * the gather with its ids selected from them.
 */
export async function readPageGathered<R>(
  db: Knex,
  read: PageRead<R>,
  viewerId: string | null,
  providers: readonly StatusExtrasProvider[],
): Promise<{ records: R[]; gathered: Gathered }> {
  const viewer = `$${read.values.length + 1}::text`;
  const sql = `with page as materialized (${read.sql}), st as materialized (${read.statuses})
    select json_build_object(
      'rows', (select coalesce(json_agg(x order by ${read.order}), '[]') from page x),
      'gathered', ${gatheredJson(selectedIds(read.accounts, viewer), providers)})`;
  const json = await preparedJsonValue<{ rows: Row[]; gathered: GatheredJson }>(db, sql, [
    ...read.values,
    viewerId,
  ]);
  return { records: read.records(json!.rows), gathered: gatheredOf(json!.gathered, providers, viewerId) };
}
