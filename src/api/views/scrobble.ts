import type { ListenRecord } from '../../projections/scrobbles/queries.js';
import type { Account } from '../entities/account.js';
import type { Scrobble } from '../entities/scrobble.js';

/** Pleroma's HTML.strip_tags on the text fields: tags go, text stays; an absent field is "". */
const stripTags = (text: string | null) => (text ?? '').replace(/<[^>]*>?/g, '');

/** Mastodon's dates: whole seconds, `.000Z` (Pleroma's to_masto_date). */
const mastoDate = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

/** §8.1: a scrobble with its account, as `account` was rendered for the viewer. Pure. */
export function renderScrobble(listen: ListenRecord, account: Account): Scrobble {
  return {
    id: listen.id,
    account,
    title: stripTags(listen.title),
    artist: stripTags(listen.artist),
    album: stripTags(listen.album),
    externalLink: listen.externalLink,
    length: listen.length,
    created_at: mastoDate(listen.createdAt),
  };
}
