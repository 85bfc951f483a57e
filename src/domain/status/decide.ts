import { assertNever, notFound, unprocessable } from '../shared/errors.js';
import type { PostStatus, ReserveIdempotencyKey, StatusCommand } from './commands.js';
import type { IdempotencyKeyReserved, StatusEvent } from './events.js';
import type { IdempotencyState, StatusState } from './state.js';

/** Pleroma's ActivityDraft / CommonAPI.Utils messages, exactly (answered with 422). */
export const EMPTY_STATUS = 'Cannot post an empty status without attachments';
export const OVER_CHARACTER_LIMIT = 'The status is over the character limit';
export const DIRECT_REPLY_REQUIRED = 'The message visibility must be direct';
export const TOO_MANY_ATTACHMENTS = 'Too many attachments';

/** Pleroma's `[:instance, :max_media_attachments]` default, announced in /api/v1/instance. */
export const MAX_MEDIA_ATTACHMENTS = 1000;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Elixir's String.length: graphemes, so an emoji with a skin tone counts once. */
export const graphemeLength = (text: string) => {
  let count = 0;
  for (const _ of segmenter.segment(text)) count += 1;
  return count;
};

/** The posting rules, on their own so a use case can refuse before it claims anything (nothing appended). */
export function checkPostStatus(command: PostStatus): void {
  const full = `${command.text.trim()}${command.spoilerText}`.trim();
  if (command.mediaIds.length > MAX_MEDIA_ATTACHMENTS) throw unprocessable(TOO_MANY_ATTACHMENTS);
  if (full === '' && command.mediaIds.length === 0) throw unprocessable(EMPTY_STATUS);
  if (graphemeLength(full) > command.characterLimit) throw unprocessable(OVER_CHARACTER_LIMIT);
  const parent = command.inReplyTo;
  if (parent?.visibility === 'direct' && command.visibility !== 'direct') {
    throw unprocessable(DIRECT_REPLY_REQUIRED);
  }
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
