import type { Account } from './account.js';

/** §8's scrobble entity (a `Listen` activity). */
export interface Scrobble {
  id: string;
  account: Account;
  title: string;
  artist: string;
  album: string;
  externalLink: string | null;
  length: number | null;
  created_at: string;
}
