import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { ProfileChanges } from '../../domain/account/index.js';
import { customEmojiIn } from '../../emoji/inText.js';
import type { EmojiRegistry } from '../../emoji/registry.js';
import { findAccountById } from '../../projections/accounts/queries.js';

/** What finding a profile's custom emoji needs: the profile as it stands and the instance's emoji. */
export interface ProfileEmojiDeps {
  db: Knex;
  emoji: Pick<EmojiRegistry, 'get'>;
  config: Pick<Config, 'PUBLIC_URL'>;
}

/**
 * Pleroma's User.put_emoji: when the name, the bio or the fields change, the profile's custom emoji are found
 * again in all three as they will be (a field as its name and value joined), with their images' URLs as they
 * are now. Other changes leave them as they were.
 */
export async function withProfileEmoji(
  deps: ProfileEmojiDeps,
  accountId: string,
  changes: ProfileChanges,
): Promise<ProfileChanges> {
  const { displayName, note, fields } = changes;
  if (displayName === undefined && note === undefined && fields === undefined) return changes;
  const current = await findAccountById(deps.db, accountId);
  if (!current) return changes; // the decider answers an unknown account
  const texts = [
    (displayName === undefined ? current.displayName : displayName) ?? '',
    note ?? current.note,
    ...(fields ?? current.fields).map((field) => field.name + field.value),
  ];
  return { ...changes, emojis: customEmojiIn(texts, deps.emoji, deps.config.PUBLIC_URL) };
}
