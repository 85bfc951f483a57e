import { statusVisibilitySql } from '../statuses/queries.js';

/**
 * The notifications read model's SQL over a page's notifications `n` (used by queries.ts, the folder's front
 * door): the reader's mutes, whose notifications the reader does not see, and what visibility Pleroma gives each.
 */

/** A mute in force (SQL over `notification_relations m`): muted, without an end or ending later. */
export const MUTE_IN_FORCE = 'm.muted and (m.mute_expires_at is null or m.mute_expires_at > now())';

/**
 * Accounts whose notifications the reader (`?`) does not see now (Pleroma's for_user_query): those they block,
 * and unless `withMuted` those they mute with notifications. Those that block the reader are seen (Pleroma's
 * blockers_visible, true by default).
 */
export const hiddenActors = (withMuted: boolean) => `
  select m.other_id from notification_relations m
    where m.account_id = ? and (m.blocks${withMuted ? '' : ` or (${MUTE_IN_FORCE} and m.mute_notifications)`})`;

/**
 * The visibility Pleroma's exclude_visibility gives a notification: its activity's addressing as
 * activity_visibility reads it, or for a favourite the favourited status's. A mention's or a subscription's is
 * its status's. A reaction is addressed to the author and copies the status's audience, so it is `unlisted` for a
 * public or unlisted status and `direct` otherwise. A follow (or request) goes to the followed and copies the
 * public: `unlisted`. A move goes to the mover's followers: `private`.
 */
export const NOTIFICATION_VISIBILITY = `case n.type
  when 'pleroma:emoji_reaction' then case when ${statusVisibilitySql('n.status_id')} in ('public', 'unlisted')
    then 'unlisted' else 'direct' end
  when 'follow' then 'unlisted'
  when 'follow_request' then 'unlisted'
  when 'move' then 'private'
  else coalesce(${statusVisibilitySql('n.status_id')}, 'direct') end`;
