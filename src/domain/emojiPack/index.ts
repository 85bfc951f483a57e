import type { Decider } from '../shared/decider.js';
import type { EmojiPackCommand } from './commands.js';
import { decideEmojiPack } from './decide.js';
import type { EmojiPackEvent } from './events.js';
import { type EmojiPackState, evolveEmojiPack, initialEmojiPackState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './errors.js';
export * from './events.js';
export * from './paths.js';
export * from './state.js';

/**
 * One emoji pack, stream `emoji-pack-<name>`. The decisions look at the pack as read from disk (on the
 * command), not at the fold: the folder is the content, and packs put there by hand have no history.
 */
export const emojiPackDecider: Decider<EmojiPackCommand, EmojiPackEvent, EmojiPackState> = {
  initialState: initialEmojiPackState,
  evolve: evolveEmojiPack,
  decide: decideEmojiPack,
};
