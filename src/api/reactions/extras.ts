import { reactionEntriesOf, STATUS_REACTION_COLUMNS } from '../../projections/reactions/queries.js';
import type { StatusExtrasProvider } from '../statuses/gather.js';
import { renderEmojiReactions } from '../views/reaction.js';

/**
 * The reactions read model's part of every rendered status: `pleroma.emoji_reactions` (§9.5), always
 * present, even when `show_reactions` hides the lists.
 */
export const reactionExtras: StatusExtrasProvider = {
  columns: STATUS_REACTION_COLUMNS,
  // TODO(relationships): hide reactors the viewer blocks or mutes once blocks and mutes exist.
  read: (row, viewerId) => ({
    emojiReactions: renderEmojiReactions(reactionEntriesOf(row.status_id as string, row), viewerId),
  }),
};
