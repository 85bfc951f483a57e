import type { Knex } from 'knex';
import { reactionEntries } from '../../projections/reactions/queries.js';
import { renderEmojiReactions } from '../views/reaction.js';
import type { StatusExtras } from '../views/status.js';

/**
 * The reactions read model's part of every rendered status: `pleroma.emoji_reactions` (§9.5), always
 * present, even when `show_reactions` hides the lists.
 */
export async function reactionExtras(
  db: Knex,
  statusIds: readonly string[],
  viewerId: string | null,
): Promise<Map<string, Partial<StatusExtras>>> {
  const entries = await reactionEntries(db, statusIds);
  // TODO(relationships): hide reactors the viewer blocks or mutes once blocks and mutes exist.
  return new Map(
    [...entries].map(([statusId, list]) => [
      statusId,
      { emojiReactions: renderEmojiReactions(list, viewerId) },
    ]),
  );
}
