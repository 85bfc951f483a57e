export interface AddReaction {
  type: 'AddReaction';
  accountId: string;
  statusId: string;
  /** A new time-ordered id, used only if the reaction is new. */
  reactionId: string;
  /** Already resolved (§9.1): fully-qualified Unicode emoji or bare shortcode, and its image URL. */
  emoji: string;
  url: string | null;
}

/**
 * Which reaction to undo, as the DELETE path names it: a Unicode emoji, or a custom shortcode with the host
 * of its image (`:name@host:`) or without (`:name:`, any of that name).
 */
export interface RemoveReaction {
  type: 'RemoveReaction';
  accountId: string;
  statusId: string;
  emoji: string;
  custom: boolean;
  host: string | null;
}

export type ReactionCommand = AddReaction | RemoveReaction;
