/**
 * Commands on a pair of accounts: `actorId` acts towards `targetId`. What needs a read model (the target's
 * nickname for error texts, whether it is locked) or the clock arrives on the command.
 */

interface Pair {
  actorId: string;
  targetId: string;
}

export interface Follow extends Pair {
  type: 'Follow';
  targetNickname: string;
  /** Locked accounts get a follow request instead. */
  targetLocked: boolean;
  /** Show the target's reblogs in home; absent: true for a new follow, unchanged otherwise. */
  reblogs?: boolean;
  /** Subscribe (true) or unsubscribe (false); absent: unchanged. */
  notify?: boolean;
}

export interface Unfollow extends Pair {
  type: 'Unfollow';
}

export interface Block extends Pair {
  type: 'Block';
}

export interface Unblock extends Pair {
  type: 'Unblock';
}

export interface Mute extends Pair {
  type: 'Mute';
  notifications: boolean;
  /** ISO 8601, or null for a mute without end. */
  expiresAt: string | null;
  now: Date;
}

export interface Unmute extends Pair {
  type: 'Unmute';
  now: Date;
}

export interface Subscribe extends Pair {
  type: 'Subscribe';
  targetNickname: string;
}

export interface Unsubscribe extends Pair {
  type: 'Unsubscribe';
}

/** The followed account (actor) answers the request of `targetId`. */
export interface AuthorizeFollowRequest extends Pair {
  type: 'AuthorizeFollowRequest';
}

export interface RejectFollowRequest extends Pair {
  type: 'RejectFollowRequest';
}

/**
 * `actorId` was deleted (§1.7): everything between it and `targetId` ends, both ways — follows and requests,
 * blocks, mutes, subscriptions — as the relationships read model already forgot on AccountDeleted.
 */
export interface RemoveRelationshipsOfDeletedAccount extends Pair {
  type: 'RemoveRelationshipsOfDeletedAccount';
}

export type RelationshipCommand =
  | RemoveRelationshipsOfDeletedAccount
  | Follow
  | Unfollow
  | Block
  | Unblock
  | Mute
  | Unmute
  | Subscribe
  | Unsubscribe
  | AuthorizeFollowRequest
  | RejectFollowRequest;
