import { assertNever } from '../shared/errors.js';
import type { RelationshipEvent } from './events.js';

export type FollowState = { status: 'none' } | { status: 'requested' } | { status: 'following' };

export interface MuteState {
  notifications: boolean;
  expiresAt: string | null;
}

/** What one account of the pair does towards the other. */
export interface Side {
  follow: FollowState;
  /**
   * Whether it shows the other's reblogs: held apart from the follow (Pleroma's reblog mute), so an unfollow
   * keeps it and a later follow without `reblogs` (an import's, a move's) finds it.
   */
  showingReblogs: boolean;
  blocking: boolean;
  mute: MuteState | null;
  subscribed: boolean;
}

/** Both directions of a pair, keyed by the acting account's id; an account never seen acts on nothing. */
export interface RelationshipState {
  sides: Readonly<Record<string, Side>>;
}

export const initialRelationshipState: RelationshipState = { sides: {} };

export const noSide: Side = {
  follow: { status: 'none' },
  showingReblogs: true,
  blocking: false,
  mute: null,
  subscribed: false,
};

export const sideOf = (state: RelationshipState, accountId: string): Side => state.sides[accountId] ?? noSide;

/** A mute with an end is over once that time has passed (no event needed: it simply stops counting). */
export function activeMute(side: Side, now: Date): MuteState | null {
  const { mute } = side;
  if (!mute) return null;
  return mute.expiresAt === null || Date.parse(mute.expiresAt) > now.getTime() ? mute : null;
}

function update(
  state: RelationshipState,
  accountId: string,
  change: (side: Side) => Side,
): RelationshipState {
  return { sides: { ...state.sides, [accountId]: change(sideOf(state, accountId)) } };
}

const NONE: FollowState = { status: 'none' };

export function evolveRelationship(state: RelationshipState, event: RelationshipEvent): RelationshipState {
  switch (event.type) {
    case 'Followed':
    case 'FollowRequested': {
      const { followerId, showingReblogs } = event.data;
      const status = event.type === 'Followed' ? 'following' : 'requested';
      return update(state, followerId, (side) => ({ ...side, follow: { status }, showingReblogs }));
    }
    case 'FollowRequestAuthorized':
      return update(state, event.data.followerId, (side) => ({ ...side, follow: { status: 'following' } }));
    case 'FollowRequestRejected':
    case 'FollowRequestCancelled':
    case 'Unfollowed':
      return update(state, event.data.followerId, (side) => ({ ...side, follow: NONE }));
    case 'ShowingReblogsChanged': {
      const { showingReblogs } = event.data;
      return update(state, event.data.followerId, (side) => ({ ...side, showingReblogs }));
    }
    case 'Blocked':
    case 'Unblocked':
      return update(state, event.data.blockerId, (side) => ({ ...side, blocking: event.type === 'Blocked' }));
    case 'Muted': {
      const { notifications, expiresAt } = event.data;
      return update(state, event.data.muterId, (side) => ({ ...side, mute: { notifications, expiresAt } }));
    }
    case 'Unmuted':
      return update(state, event.data.muterId, (side) => ({ ...side, mute: null }));
    case 'SubscriptionAdded':
    case 'SubscriptionRemoved':
      return update(state, event.data.subscriberId, (side) => ({
        ...side,
        subscribed: event.type === 'SubscriptionAdded',
      }));
    default:
      return assertNever(event);
  }
}
