import type { DomainEvent } from '../shared/decider.js';

/** Who may see a listen: Pleroma's visibilities, as for a status. */
export type ListenVisibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface ListenRecordedData {
  listenId: string;
  accountId: string;
  title: string;
  artist: string | null;
  album: string | null;
  /** Milliseconds. */
  length: number | null;
  externalLink: string | null;
  visibility: ListenVisibility;
  /** ISO 8601. */
  recordedAt: string;
}

/** §8: a scrobble, Pleroma's (deprecated) `Listen` activity. */
export type ListenRecorded = DomainEvent<'ListenRecorded', ListenRecordedData>;

export type ScrobbleEvent = ListenRecorded;

export const scrobbleEventTypes = ['ListenRecorded'] as const satisfies readonly ScrobbleEvent['type'][];

export const listenStream = (listenId: string) => `listen-${listenId}`;
