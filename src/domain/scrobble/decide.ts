import { DomainError } from '../shared/errors.js';
import type { ListenRecordedData, ListenVisibility, ScrobbleEvent } from './events.js';

export interface RecordListen {
  type: 'RecordListen';
  listenId: string;
  accountId: string;
  title: string;
  artist: string | null;
  album: string | null;
  length: number | null;
  externalLink: string | null;
  visibility: ListenVisibility;
  now: Date;
}

export type ScrobbleCommand = RecordListen;

export type ListenState = { status: 'none' } | { status: 'recorded'; id: string; accountId: string };

export const initialListenState: ListenState = { status: 'none' };

/**
 * Bounds Pleroma does not set: they keep one listen from filling the log. Refusals are §8's 400
 * `{"error": message}`.
 */
export const listenLimits = { text: 1000, externalLink: 2048 } as const;

const refused = (message: string) => new DomainError('invalid_listen', message, 400);

function checkListen(command: RecordListen): void {
  if (command.title.trim() === '') throw refused("title can't be blank");
  for (const field of ['title', 'artist', 'album'] as const) {
    const value = command[field];
    if (value !== null && [...value].length > listenLimits.text) throw refused(`${field} is too long`);
  }
  const link = command.externalLink;
  if (link !== null) {
    if (link.length > listenLimits.externalLink) throw refused('externalLink is too long');
    // Clients render it as a link: only web addresses, never javascript: or data: URIs.
    if (!/^https?:\/\/[^\s]+$/i.test(link)) throw refused('externalLink must be an http or https URL');
  }
  if (command.length !== null && !(Number.isSafeInteger(command.length) && command.length >= 0)) {
    throw refused('length must be a non-negative integer');
  }
}

/** One event type so far: a listen is recorded once and never changes. */
export function evolveListen(_state: ListenState, event: ScrobbleEvent): ListenState {
  return { status: 'recorded', id: event.data.listenId, accountId: event.data.accountId };
}

export function decideListen(command: ScrobbleCommand, state: ListenState): ScrobbleEvent[] {
  if (state.status !== 'none') throw new DomainError('listen_exists', 'The listen already exists', 409);
  checkListen(command);
  const { type: _type, now, ...rest } = command;
  const data: ListenRecordedData = { ...rest, recordedAt: now.toISOString() };
  return [{ type: 'ListenRecorded', data }];
}
