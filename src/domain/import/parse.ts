import { badRequest, DomainError } from '../shared/errors.js';
import type { ImportKind } from './events.js';

/** The most entries one import may hold: a bound on the work (and the event) one request can cause. */
export const IMPORT_LIMIT = 5000;

const MASTODON_HEADER = 'account address';

export const importErrors = {
  empty: () => badRequest('The list is empty: nothing to import.'),
  tooLong: (count: number) =>
    new DomainError(
      'import_too_large',
      `The list is too long: ${count} accounts, at most ${IMPORT_LIMIT} can be imported at once.`,
      413,
    ),
  notText: () =>
    badRequest('The list must be plain text (UTF-8): one account per line or a Mastodon CSV export.'),
} as const;

/** Pleroma keeps what is after one leading `@`; a CSV cell may also be quoted. */
const clean = (entry: string) =>
  entry
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .replace(/^@/, '');

/** First CSV column of each line, the Mastodon header line dropped (following_accounts.csv, muted_accounts.csv). */
const csvColumn = (text: string) => text.split('\n').map((line) => clean(line.split(',')[0] ?? ''));

/**
 * §2's parsing: follow lists are CSV-ish (first column of each line, the `Account address` header dropped);
 * block and mute lists are split on any whitespace. A Mastodon CSV export (it starts with the header) is read
 * as CSV for every kind, so exported mute lists (`Account address,Hide notifications`) work too. Duplicates
 * (any case) are kept once. Throws the 4xx of an empty or too long list.
 */
export function parseImportList(kind: ImportKind, text: string): string[] {
  if (text.includes('\u0000')) throw importErrors.notText();
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const csv = kind === 'follow' || normalised.trimStart().toLowerCase().startsWith(MASTODON_HEADER);
  const entries = csv ? csvColumn(normalised) : normalised.split(/\s+/).map(clean);
  const seen = new Set<string>();
  const accounts: string[] = [];
  for (const entry of entries) {
    const key = entry.toLowerCase();
    if (entry === '' || key === MASTODON_HEADER || seen.has(key)) continue;
    seen.add(key);
    accounts.push(entry);
  }
  if (accounts.length === 0) throw importErrors.empty();
  if (accounts.length > IMPORT_LIMIT) throw importErrors.tooLong(accounts.length);
  return accounts;
}

/**
 * The local nickname an import entry names, or null for a remote account (Annals cannot fetch those, so they
 * are skipped): `nick`, `nick@<our host>`, or our actor URL `<PUBLIC_URL>/users/nick`.
 */
export function localNicknameOf(
  entry: string,
  config: { PUBLIC_URL: string; LOCAL_DOMAIN: string },
): string | null {
  const actorPrefix = `${config.PUBLIC_URL}/users/`;
  if (entry.startsWith(actorPrefix)) {
    const nickname = entry.slice(actorPrefix.length);
    return /^[^/?#@]+$/.test(nickname) ? nickname : null;
  }
  if (/^https?:\/\//i.test(entry)) return null;
  const at = entry.indexOf('@');
  if (at < 0) return entry;
  return entry.slice(at + 1).toLowerCase() === config.LOCAL_DOMAIN.toLowerCase() ? entry.slice(0, at) : null;
}
