import { createHash } from 'node:crypto';
import type { StatusFavourited } from '../favourite/events.js';
import type { MoveFollowersListed } from '../move/index.js';
import type { ReactionAdded } from '../reaction/events.js';
import type { Followed, FollowRequested } from '../relationship/events.js';
import { assertNever } from '../shared/errors.js';
import type { StatusPosted } from '../status/events.js';

/**
 * Which fact notifies whom (§4.2, §9.6, §1.4): Pleroma's Notification.create_notifications, as pure functions.
 * The notifications read model calls them with the facts it keeps (who follows, blocks, mutes and subscribes
 * to whom, as of the event), so a replay of the log decides exactly as the first pass did.
 */

export const NOTIFICATION_TYPES = [
  'mention',
  'status',
  'favourite',
  'follow',
  'follow_request',
  'move',
  'pleroma:emoji_reaction',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The types Pleroma's API accepts in `types[]` / `exclude_types[]`, including those Annals never creates. */
export const KNOWN_NOTIFICATION_TYPES = [
  ...NOTIFICATION_TYPES,
  'reblog',
  'poll',
  'update',
  'pleroma:chat_mention',
  'pleroma:report',
  'admin.sign_up',
  'admin.report',
] as const;

export type CauseEvent =
  | StatusPosted
  | StatusFavourited
  | ReactionAdded
  | Followed
  | FollowRequested
  | MoveFollowersListed;

export const causeEventTypes = [
  'StatusPosted',
  'StatusFavourited',
  'ReactionAdded',
  'Followed',
  'FollowRequested',
  'MoveFollowersListed',
] as const satisfies readonly CauseEvent['type'][];

/** A notification the cause asks for, before the recipient's own rules. */
export interface Candidate {
  recipientId: string;
  type: NotificationType;
  /** Who acted (`account` in §12.4). */
  actorId: string;
  statusId: string | null;
  /** The account moved to (`target`, move notifications). */
  targetId: string | null;
  /** §9.6: the Unicode emoji, or `:shortcode:` for a custom one; its image URL (null for Unicode). */
  emoji: string | null;
  emojiUrl: string | null;
  /**
   * Names the cause among the recipient's notifications: a cause notifies a recipient once, and undoing it
   * (unfavourite, reaction removed, request rejected) removes exactly its notification.
   */
  cause: string;
  /** A subscriber hears of a followers-only status only if they follow its author (Pleroma's visibility check). */
  followersOnly: boolean;
}

/** A notification to keep: `seen` from the start when the recipient mutes the actor without hiding notifications. */
export type NewNotification = Omit<Candidate, 'followersOnly'> & { seen: boolean };

/** What the read model knows about the event's subject beyond the event itself. */
export interface CauseFacts {
  /** The author of the favourited or reacted-to status; null when unknown or deleted (no notification). */
  statusAuthorId: string | null;
  /** Accounts subscribed to the author of a new status (§5.1). */
  subscriberIds: readonly string[];
}

/** The recipient's relation to the actor, and the recipient's settings, when the cause happened. */
export interface RecipientFacts {
  blocksActor: boolean;
  /** Null: no mute. `expiresAt` (ISO 8601) past the event's time means the mute had ended. */
  mute: { notifications: boolean; expiresAt: string | null } | null;
  followsActor: boolean;
  blockFromStrangers: boolean;
}

export const NO_RELATION: RecipientFacts = {
  blocksActor: false,
  mute: null,
  followsActor: false,
  blockFromStrangers: false,
};

export const causeKeys = {
  status: (statusId: string) => `status:${statusId}`,
  favourite: (favouriteId: string) => `favourite:${favouriteId}`,
  reaction: (reactionId: string) => `reaction:${reactionId}`,
  /** One per follower: a request turned follow keeps it, and a second follow adds none (Pleroma's recently_followed). */
  follow: (followerId: string) => `follow:${followerId}`,
  move: (moveId: string) => `move:${moveId}`,
};

const base = { statusId: null, targetId: null, emoji: null, emojiUrl: null, followersOnly: false };

/**
 * Mentions reach everyone addressed: the mentioned accounts, and for a public or unlisted reply the replied-to
 * author (Pleroma puts them in `to`; a followers-only or direct reply reaches them only when mentioned, as only
 * then may they see it). Subscribers hear of new posts that are not replies, once: a mention wins.
 */
function ofStatus(event: StatusPosted, facts: CauseFacts): Candidate[] {
  const { statusId, accountId: actorId, visibility, inReplyToId, inReplyToAccountId, mentions } = event.data;
  const addressed = new Set(mentions.map((mention) => mention.accountId));
  if (inReplyToAccountId && (visibility === 'public' || visibility === 'unlisted'))
    addressed.add(inReplyToAccountId);
  const common = { ...base, actorId, statusId, cause: causeKeys.status(statusId) };
  const candidates: Candidate[] = [...addressed].map((recipientId) => ({
    ...common,
    recipientId,
    type: 'mention',
  }));
  if (inReplyToId !== null || visibility === 'direct') return candidates;
  for (const recipientId of new Set(facts.subscriberIds)) {
    if (addressed.has(recipientId)) continue;
    candidates.push({ ...common, recipientId, type: 'status', followersOnly: visibility === 'private' });
  }
  return candidates;
}

/** The candidates a cause makes, before each recipient's rules. */
export function candidatesOf(event: CauseEvent, facts: CauseFacts): Candidate[] {
  switch (event.type) {
    case 'StatusPosted':
      return ofStatus(event, facts);
    case 'StatusFavourited': {
      const { favouriteId, accountId, statusId } = event.data;
      if (facts.statusAuthorId === null) return [];
      const cause = causeKeys.favourite(favouriteId);
      const recipientId = facts.statusAuthorId;
      return [{ ...base, recipientId, type: 'favourite', actorId: accountId, statusId, cause }];
    }
    case 'ReactionAdded': {
      const { reactionId, accountId, statusId, emoji, url } = event.data;
      if (facts.statusAuthorId === null) return [];
      const reaction = { emoji: url === null ? emoji : `:${emoji}:`, emojiUrl: url };
      const cause = causeKeys.reaction(reactionId);
      const recipientId = facts.statusAuthorId;
      const type = 'pleroma:emoji_reaction';
      return [{ ...base, ...reaction, recipientId, type, actorId: accountId, statusId, cause }];
    }
    case 'Followed':
    case 'FollowRequested': {
      const { followerId, followedId } = event.data;
      const type = event.type === 'Followed' ? 'follow' : 'follow_request';
      return [
        { ...base, recipientId: followedId, type, actorId: followerId, cause: causeKeys.follow(followerId) },
      ];
    }
    case 'MoveFollowersListed': {
      const { moveId, originId, targetId, followerIds } = event.data;
      const cause = causeKeys.move(moveId);
      return followerIds.map((recipientId) => ({
        ...base,
        recipientId,
        type: 'move',
        actorId: originId,
        targetId,
        cause,
      }));
    }
    default:
      return assertNever(event);
  }
}

const muteInForce = (mute: RecipientFacts['mute'], time: Date) =>
  mute !== null && (mute.expiresAt === null || new Date(mute.expiresAt).getTime() > time.getTime());

/**
 * The recipient's rules (Pleroma's skip? and exclude_relationship_restricted_ap_ids): nothing for one's own
 * acts, from an account the recipient blocks, from an account muted with its notifications, or — with
 * block_from_strangers — from an account the recipient does not follow. A mute that keeps notifications
 * makes them arrive already seen (mark_as_read?). An account that blocks the recipient still notifies them
 * (Pleroma's blockers_visible, true by default).
 */
export function admit(candidate: Candidate, facts: RecipientFacts, time: Date): NewNotification | null {
  if (candidate.recipientId === candidate.actorId) return null;
  if (facts.blocksActor) return null;
  const muted = muteInForce(facts.mute, time);
  if (muted && facts.mute?.notifications) return null;
  if (facts.blockFromStrangers && !facts.followsActor) return null;
  if (candidate.followersOnly && !facts.followsActor) return null;
  const { followersOnly: _followersOnly, ...notification } = candidate;
  return { ...notification, seen: muted };
}

/** Everything a cause notifies: its candidates through their recipients' rules. */
export function notificationsFor(
  event: CauseEvent,
  cause: CauseFacts,
  recipient: (recipientId: string) => RecipientFacts,
  time: Date,
): NewNotification[] {
  return candidatesOf(event, cause).flatMap((candidate) => {
    const admitted = admit(candidate, recipient(candidate.recipientId), time);
    return admitted ? [admitted] : [];
  });
}

/**
 * The notification's id: the cause's time in the high bits, as every id here (IdGenerator), so notifications
 * page by time like statuses; the low 16 bits from the event's id, the same on every replay. Ids are per
 * recipient (two recipients of one mention share one), as `GET /api/v1/notifications/:id` is.
 */
export function notificationId(eventId: string, time: Date): string {
  const low = createHash('sha1').update(eventId).digest().readUInt16BE(0);
  return ((BigInt(time.getTime()) << 16n) | BigInt(low)).toString();
}
