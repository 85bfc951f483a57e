import type { Knex } from 'knex';
import { preparedJsonValue } from '../../db/jsonBatch.js';
import type { ProfileField } from '../../domain/account/events.js';
import type { CustomEmojiRef } from '../../domain/shared/emoji.js';
import { type AccountImages, imagesOfRow } from './images.js';

/** One local account as the read model holds it. Sealed values stay sealed: decrypt through the KeyRing. */
export interface AccountRecord extends AccountImages {
  id: string;
  nickname: string;
  emailIndex: string | null;
  emailEncrypted: string | null;
  passwordHashEncrypted: string | null;
  displayName: string | null;
  note: string;
  noteHtml: string;
  fields: ProfileField[];
  /** The custom emoji the name, bio and fields use (§12.1 `emojis`). */
  emojis: CustomEmojiRef[];
  alsoKnownAs: { accountId: string; apId: string }[];
  locale: string | null;
  privacy: 'public' | 'unlisted' | 'private' | 'direct';
  avatarDescription: string;
  headerDescription: string;
  locked: boolean;
  bot: boolean;
  discoverable: boolean;
  isAdmin: boolean;
  isModerator: boolean;
  isConfirmed: boolean;
  isApproved: boolean;
  isActive: boolean;
  hideFollowers: boolean;
  hideFollows: boolean;
  hideFollowersCount: boolean;
  hideFollowsCount: boolean;
  hideFavorites: boolean;
  showRole: boolean;
  noRichText: boolean;
  skipThreadContainment: boolean;
  allowFollowingMove: boolean;
  acceptsChatMessages: boolean;
  /** §3: MFA on (login asks for a second factor) and TOTP confirmed. */
  mfaEnabled: boolean;
  mfaTotpConfirmed: boolean;
  createdAt: Date;
}

type Row = Record<string, unknown>;

/**
 * An accounts row as a record. Exported for queries that read an account in the same statement as their
 * own rows (the per-request token lookup joins `accounts as a` and selects `a.*`).
 */
export function accountFromRow(row: Row): AccountRecord {
  return toRecord(row);
}

function toRecord(row: Row): AccountRecord {
  return {
    id: row.id as string,
    nickname: row.nickname as string,
    emailIndex: row.email_index as string | null,
    emailEncrypted: row.email_encrypted as string | null,
    passwordHashEncrypted: row.password_hash_encrypted as string | null,
    displayName: row.display_name as string | null,
    note: row.note as string,
    noteHtml: row.note_html as string,
    fields: row.fields as ProfileField[],
    emojis: row.emojis as CustomEmojiRef[],
    alsoKnownAs: row.also_known_as as AccountRecord['alsoKnownAs'],
    locale: row.locale as string | null,
    privacy: row.privacy as AccountRecord['privacy'],
    avatarDescription: row.avatar_description as string,
    headerDescription: row.header_description as string,
    locked: row.locked as boolean,
    bot: row.bot as boolean,
    discoverable: row.discoverable as boolean,
    isAdmin: row.is_admin as boolean,
    isModerator: row.is_moderator as boolean,
    isConfirmed: row.is_confirmed as boolean,
    isApproved: row.is_approved as boolean,
    isActive: row.is_active as boolean,
    hideFollowers: row.hide_followers as boolean,
    hideFollows: row.hide_follows as boolean,
    hideFollowersCount: row.hide_followers_count as boolean,
    hideFollowsCount: row.hide_follows_count as boolean,
    hideFavorites: row.hide_favorites as boolean,
    showRole: row.show_role as boolean,
    noRichText: row.no_rich_text as boolean,
    skipThreadContainment: row.skip_thread_containment as boolean,
    allowFollowingMove: row.allow_following_move as boolean,
    acceptsChatMessages: row.accepts_chat_messages as boolean,
    mfaEnabled: row.mfa_enabled === true,
    mfaTotpConfirmed: row.mfa_totp_confirmed === true,
    // A Date from a column; an ISO string when the row came as JSON (accountsWithFactsJson).
    createdAt: new Date(row.created_at as Date | string),
    ...imagesOfRow(row),
  };
}

const accounts = (db: Knex) => db('accounts');

export async function findAccountById(db: Knex, id: string): Promise<AccountRecord | undefined> {
  const row = await accounts(db).where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/** Case-insensitive, like Pleroma's citext nicknames. */
export async function findAccountByNickname(db: Knex, nickname: string): Promise<AccountRecord | undefined> {
  const row = await accounts(db).where({ nickname_lower: nickname.toLowerCase() }).first();
  return row ? toRecord(row) : undefined;
}

/** `GET /api/v1/accounts/:id` accepts an id or a nickname (Pleroma's get_cached_by_nickname_or_id). */
export async function findAccountByIdOrNickname(
  db: Knex,
  idOrNickname: string,
): Promise<AccountRecord | undefined> {
  return (await findAccountById(db, idOrNickname)) ?? findAccountByNickname(db, idOrNickname);
}

export async function findAccountByEmailIndex(
  db: Knex,
  emailIndex: string,
): Promise<AccountRecord | undefined> {
  const row = await accounts(db).where({ email_index: emailIndex }).first();
  return row ? toRecord(row) : undefined;
}

/** For views of many accounts at once (timelines, lists): one query, keyed by id. */
export async function findAccountsByIds(
  db: Knex,
  ids: readonly string[],
): Promise<Map<string, AccountRecord>> {
  if (ids.length === 0) return new Map();
  // One array parameter however many ids (a binding per id stops at PostgreSQL's 65,535).
  const rows = await accounts(db).whereRaw('id = any(?::text[])', [[...new Set(ids)]]);
  return new Map(rows.map((row: Row) => [row.id as string, toRecord(row)]));
}

/**
 * Accounts with other read models' facts about them, as one JSON array value (SQL): the accounts whose ids
 * `idsSql` (an SQL expression of type text[]) names, and `columns`, select-list SQL over `accounts as a` owned
 * by those models' queries.ts (ACCOUNT_STATUS_STATS_COLUMNS, …). Read back with accountWithFactsOf. One JSON
 * value for all rows: node parses it natively, at a fraction of the cost of ~50 columns per row.
 */
export const accountsWithFactsJson = (idsSql: string, columns: readonly string[]) =>
  `(select coalesce(json_agg(x), '[]') from (select a.*${columns.map((sql) => `, ${sql}`).join('')}
    from accounts a where a.id = any(${idsSql})) x)`;

/**
 * SQL, no bindings: true unless the account in `accountSql` is deactivated. What timelines and threads put on
 * their statuses' authors (Pleroma's restrict_deactivated_users).
 */
export const notDeactivated = (accountSql: string) =>
  `not exists (select 1 from accounts da where da.id = ${accountSql} and not da.is_active)`;

/** A row of accountsWithFactsJson: the record, and the raw row for the facts' columns (timestamps as ISO strings). */
export const accountWithFactsOf = (row: Row) => ({ account: toRecord(row), row });

/**
 * Which of these accounts a move takes along (§1.9): active, with allow_following_move. Only their ids: a
 * move asks this of every follower, 500 at a time.
 */
export async function findMovableAccountIds(db: Knex, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await preparedJsonValue<string[]>(
    db,
    `select coalesce(json_agg(a.id), '[]') from accounts a
     where a.id = any($1::text[]) and a.allow_following_move and a.is_active`,
    [[...new Set(ids)]],
  );
  return new Set(found ?? []);
}

/** Local accounts not deactivated: `stats.user_count` of /api/v1/instance and nodeinfo's users.total. */
export async function countActiveAccounts(db: Knex): Promise<number> {
  const row = await accounts(db).where({ is_active: true }).count<{ count: string | number }[]>('* as count');
  return Number(row[0]?.count ?? 0);
}
