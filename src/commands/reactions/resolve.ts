import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { ReactionEmojiRef } from '../../domain/emoji/reactionEmoji.js';
import type { EmojiRegistry } from '../../emoji/registry.js';
import { findCustomReactionUrl } from '../../projections/reactions/queries.js';

/** A reaction as it will be stored: the emoji or bare shortcode, and the custom emoji's image URL. */
export interface ResolvedReaction {
  emoji: string;
  url: string | null;
}

export interface ResolveDeps {
  config: Pick<Config, 'PUBLIC_URL'>;
  db: Knex;
  emoji: Pick<EmojiRegistry, 'get'>;
}

/**
 * §9.1: a Unicode emoji stands as it is; a local custom emoji must be one of the instance's, stored with
 * its image URL; a remote one (`:name@host:`) only joins a reaction with that name from that host already
 * on the status. Null: no such emoji.
 */
export async function resolveReaction(
  deps: ResolveDeps,
  statusId: string,
  ref: ReactionEmojiRef,
): Promise<ResolvedReaction | null> {
  if (ref.kind === 'unicode') return { emoji: ref.emoji, url: null };
  if (ref.host === null) {
    const custom = deps.emoji.get(ref.shortcode);
    return custom ? { emoji: ref.shortcode, url: `${deps.config.PUBLIC_URL}${custom.path}` } : null;
  }
  const url = await findCustomReactionUrl(deps.db, statusId, ref.shortcode, ref.host);
  return url ? { emoji: ref.shortcode, url } : null;
}
