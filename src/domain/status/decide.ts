import { assertNever, notFound, unprocessable } from '../shared/errors.js';
import type { PostStatus, ReserveIdempotencyKey, StatusCommand } from './commands.js';
import type { IdempotencyKeyReserved, StatusEvent } from './events.js';
import type { IdempotencyState, StatusState } from './state.js';

/** Pleroma's ActivityDraft / CommonAPI.Utils messages, exactly (answered with 422). */
export const EMPTY_STATUS = 'Cannot post an empty status without attachments';
export const OVER_CHARACTER_LIMIT = 'The status is over the character limit';
export const DIRECT_REPLY_REQUIRED = 'The message visibility must be direct';
export const TOO_MANY_ATTACHMENTS = 'Too many attachments';
export const EXPIRY_TOO_SOON = 'Expiry date is too soon';

/** Pleroma's PurgeExpiredActivity `min_lifetime` default: a status lives longer than this or is refused. */
export const MIN_STATUS_LIFETIME_MS = 600_000;

/** Pleroma's `[:instance, :max_media_attachments]` default, announced in /api/v1/instance. */
export const MAX_MEDIA_ATTACHMENTS = 1000;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Code units a grapheme count walks at once: V8's segmenter slows with the length of the text it walks. */
const WINDOW = 256;
const isSurrogatePair = (high: number, low: number) =>
  high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;

/**
 * Elixir's String.length: graphemes, so an emoji with a skin tone counts once. Segmenting a whole long text
 * costs time growing with the square of its length (100,000 characters took seconds, a 1 MB body minutes,
 * all on the event loop), so the text is walked a window at a time: every grapheme of a window but the last,
 * which may be cut short, is counted, and the next window starts where that last one does. Counting stops
 * once past `atMost`: a limit check needs no more.
 */
export const graphemeLength = (text: string, atMost = Number.POSITIVE_INFINITY): number => {
  let count = 0;
  let start = 0;
  let width = WINDOW;
  while (text.length - start > width && count <= atMost) {
    let end = start + width;
    if (isSurrogatePair(text.charCodeAt(end - 1), text.charCodeAt(end))) end += 1; // never cut a character in two
    let seen = 0;
    let last = 0;
    for (const { index } of segmenter.segment(text.slice(start, end))) {
      seen += 1;
      last = index;
    }
    if (seen < 2) {
      width *= 2; // one grapheme wider than the window (combining marks without end): widen it
      continue;
    }
    count += seen - 1;
    start += last;
    width = WINDOW;
  }
  if (count > atMost) return count;
  for (const _ of segmenter.segment(text.slice(start))) count += 1;
  return count;
};

/** Pleroma's attachment limit; the use case checks it before looking the ids up, the posting rules again. */
export function checkMediaCount(mediaIds: readonly string[]): void {
  if (mediaIds.length > MAX_MEDIA_ATTACHMENTS) throw unprocessable(TOO_MANY_ATTACHMENTS);
}

/** The posting rules, on their own so a use case can refuse before it claims anything (nothing appended). */
export function checkPostStatus(command: PostStatus): void {
  const full = `${command.text.trim()}${command.spoilerText}`.trim();
  checkMediaCount(command.mediaIds);
  if (full === '' && command.mediaIds.length === 0) throw unprocessable(EMPTY_STATUS);
  if (graphemeLength(full, command.characterLimit) > command.characterLimit) {
    throw unprocessable(OVER_CHARACTER_LIMIT);
  }
  const parent = command.inReplyTo;
  if (parent?.visibility === 'direct' && command.visibility !== 'direct') {
    throw unprocessable(DIRECT_REPLY_REQUIRED);
  }
  const lifetime = command.expiresAt === null ? null : Date.parse(command.expiresAt) - command.now.getTime();
  if (lifetime !== null && !(lifetime > MIN_STATUS_LIFETIME_MS)) throw unprocessable(EXPIRY_TOO_SOON);
}

function post(command: PostStatus, state: StatusState): StatusEvent[] {
  // The same status id again is a retry (Idempotency-Key): it is already there, or already gone.
  if (state.status !== 'none') return [];
  checkPostStatus(command);
  const parent = command.inReplyTo;
  const { type: _t, inReplyTo: _r, characterLimit: _c, now, ...data } = command;
  return [
    {
      type: 'StatusPosted',
      data: {
        ...data,
        text: command.text.trim(),
        inReplyToId: parent?.id ?? null,
        inReplyToAccountId: parent?.accountId ?? null,
        postedAt: now.toISOString(),
      },
    },
  ];
}

export function decideStatus(command: StatusCommand, state: StatusState): StatusEvent[] {
  switch (command.type) {
    case 'PostStatus':
      return post(command, state);
    case 'DeleteStatus':
      // Pleroma answers a missing status and someone else's alike: 404 "Record not found".
      if (state.status !== 'posted' || state.accountId !== command.actorId) throw notFound();
      return [{ type: 'StatusDeleted', data: { statusId: state.id, accountId: state.accountId } }];
    default:
      return assertNever(command);
  }
}

/** The first request with a key claims it for its status id; later ones learn that id and append nothing. */
export function decideIdempotency(
  command: ReserveIdempotencyKey,
  state: IdempotencyState,
): IdempotencyKeyReserved[] {
  if (state.status === 'held') return [];
  return [
    { type: 'IdempotencyKeyReserved', data: { accountId: command.accountId, statusId: command.statusId } },
  ];
}
