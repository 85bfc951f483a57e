import type { RelationshipRecord } from '../../projections/relationships/queries.js';
import type { Relationship } from '../entities/relationship.js';

/**
 * §12.2: the viewer's relationship with account `id`, and whether the viewer endorses it. `notifying` is
 * `subscribing` (Pleroma's one notion of both); domain blocks and notes do not exist here, so they are false
 * and empty. Pure.
 */
export function renderRelationship(id: string, record: RelationshipRecord, endorsed: boolean): Relationship {
  return {
    id,
    following: record.following,
    followed_by: record.followedBy,
    blocking: record.blocking,
    blocked_by: record.blockedBy,
    muting: record.muting,
    muting_notifications: record.mutingNotifications,
    subscribing: record.subscribing,
    notifying: record.subscribing,
    requested: record.requested,
    domain_blocking: false,
    showing_reblogs: record.showingReblogs,
    endorsed,
    note: '',
  };
}

/** Pleroma renders `mute_expires_at` as an ISO 8601 time to the second, without milliseconds. */
export const expiryTime = (date: Date | null) => (date ? `${date.toISOString().slice(0, 19)}Z` : null);
