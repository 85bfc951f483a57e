import { reactionEntriesOf, STATUS_REACTION_COLUMNS } from '../../projections/reactions/queries.js';
import type { StatusExtrasProvider } from '../statuses/gathered.js';
import { renderEmojiReactions } from '../views/reaction.js';

/**
 * The reactions read model's part of every rendered status: `pleroma.emoji_reactions` (§9.5), always
 * present, even when `show_reactions` hides the lists; reactors the viewer blocks or mutes are left out by
 * the column's SQL.
 */
export const reactionExtras: StatusExtrasProvider = {
  columns: STATUS_REACTION_COLUMNS,
  read: (row, viewerId) => ({
    emojiReactions: renderEmojiReactions(reactionEntriesOf(row.status_id as string, row), viewerId),
  }),
};
