import { z } from 'zod';
import type { RegisterAccountInput } from '../../commands/accounts/register.js';
import type { ProfileChanges, ProfileField } from '../../domain/account/events.js';

/** Pleroma's truthy_param?: everything but these (and absence) is true. Forms send strings. */
const FALSY = new Set<unknown>([false, 0, '0', 'f', 'F', 'false', 'False', 'FALSE', 'off', 'OFF', '']);
export const booleanLike = z
  .union([z.boolean(), z.string(), z.number()])
  .transform((value) => !FALSY.has(value));

/** POST /api/v1/accounts — Pleroma's AccountOperation create request (username, password, agreement required). */
export const registerSchema = z.object({
  username: z.string(),
  password: z.string(),
  agreement: booleanLike,
  email: z.string().optional(),
  locale: z.string().max(64).optional(),
  reason: z.string().optional(),
  fullname: z.string().optional(),
  bio: z.string().optional(),
  // §1.2: the native captcha's answer, checked when CAPTCHA_ENABLED.
  captcha_solution: z.string().optional(),
  captcha_token: z.string().optional(),
  captcha_answer_data: z.string().optional(),
});

/** Pleroma's register_user mapping: `fullname` becomes the display name, `bio` the note. */
export function registrationInput(params: z.infer<typeof registerSchema>): RegisterAccountInput {
  const { username: nickname, email, password, fullname: displayName, bio, locale } = params;
  return { nickname, email, password, displayName, bio, locale };
}

const field = z.object({ name: z.string().default(''), value: z.string().default('') });

/**
 * `fields_attributes` arrive as a JSON array or, from forms, as `{"0": {...}, "1": {...}}`. Entries without a
 * name are dropped, as Pleroma's User.put_fields does (whatever their value).
 */
const fieldsAttributes = z
  .union([z.array(field), z.record(z.string(), field)])
  .transform((fields): ProfileField[] =>
    (Array.isArray(fields)
      ? fields
      : Object.entries(fields)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, f]) => f)
    ).filter((f) => f.name !== ''),
  );

const privacy = z.enum(['public', 'unlisted', 'private', 'direct']);

/** PATCH /api/v1/accounts/update_credentials — the profile subset Annals stores. Unknown params are ignored. */
export const updateCredentialsSchema = z.object({
  display_name: z.string().optional(),
  note: z.string().optional(),
  locked: booleanLike.optional(),
  bot: booleanLike.optional(),
  actor_type: z.enum(['Person', 'Service']).optional(),
  discoverable: booleanLike.optional(),
  fields_attributes: fieldsAttributes.optional(),
  hide_followers: booleanLike.optional(),
  hide_follows: booleanLike.optional(),
  hide_followers_count: booleanLike.optional(),
  hide_follows_count: booleanLike.optional(),
  hide_favorites: booleanLike.optional(),
  /** The name some clients send for hide_favorites (§5.2). */
  pleroma_hide_favorites: booleanLike.optional(),
  show_role: booleanLike.optional(),
  no_rich_text: booleanLike.optional(),
  skip_thread_containment: booleanLike.optional(),
  allow_following_move: booleanLike.optional(),
  accepts_chat_messages: booleanLike.optional(),
  default_scope: privacy.optional(),
  source: z.object({ privacy: privacy.optional() }).optional(),
  avatar_description: z.string().optional(),
  header_description: z.string().optional(),
  /** §5.7: each app named replaces its entry of the settings store (null removes it). */
  pleroma_settings_store: z.record(z.string(), z.unknown()).optional(),
});

export function profileChanges(params: z.infer<typeof updateCredentialsSchema>): ProfileChanges {
  const bot = params.actor_type ? params.actor_type === 'Service' : params.bot;
  return {
    displayName: params.display_name,
    note: params.note,
    locked: params.locked,
    bot,
    discoverable: params.discoverable,
    fields: params.fields_attributes,
    hideFollowers: params.hide_followers,
    hideFollows: params.hide_follows,
    hideFollowersCount: params.hide_followers_count,
    hideFollowsCount: params.hide_follows_count,
    hideFavorites: params.hide_favorites ?? params.pleroma_hide_favorites,
    showRole: params.show_role,
    noRichText: params.no_rich_text,
    skipThreadContainment: params.skip_thread_containment,
    allowFollowingMove: params.allow_following_move,
    acceptsChatMessages: params.accepts_chat_messages,
    privacy: params.source?.privacy ?? params.default_scope,
    avatarDescription: params.avatar_description,
    headerDescription: params.header_description,
  };
}

export const lookupSchema = z.object({ acct: z.string() });
export const idParamSchema = z.object({ id: z.string() });
