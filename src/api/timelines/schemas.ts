import { z } from 'zod';
import type { ReaderFilter } from '../../projections/statuses/queries.js';
import { booleanLike } from '../accounts/schemas.js';
import { excludeVisibilitiesParam } from '../statuses/schemas.js';

/** What every timeline takes about its reader: Pleroma's `with_muted` and `exclude_visibilities[]`. */
const readerParams = {
  with_muted: booleanLike.optional(),
  exclude_visibilities: excludeVisibilitiesParam,
};

/** Pleroma's `reply_visibility` (home and public): only replies to the reader, or to them and whom they follow. */
const replyVisibility = z.enum(['following', 'self'], { error: 'Invalid value for enum' }).optional();

export const homeSchema = z.object({
  ...readerParams,
  reply_visibility: replyVisibility,
  only_media: booleanLike.optional(),
  remote: booleanLike.optional(),
});

export const publicSchema = z.object({
  ...readerParams,
  reply_visibility: replyVisibility,
  local: booleanLike.optional(),
  remote: booleanLike.optional(),
  only_media: booleanLike.optional(),
});

/** `any[]=…` (a lone `any=…` is one tag). */
const tagList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const tagSchema = z.object({
  ...readerParams,
  hashtag: z.string().min(1),
  any: tagList,
  all: tagList,
  none: tagList,
  only_media: booleanLike.optional(),
});

/** The reader's filter from the parsed params; anonymous readers block and mute no one. */
export const readerFilter = (
  viewerId: string | null,
  params: z.infer<typeof homeSchema> | z.infer<typeof tagSchema>,
): ReaderFilter => ({
  viewerId,
  withMuted: params.with_muted,
  excludeVisibilities: params.exclude_visibilities,
  replyVisibility: 'reply_visibility' in params ? params.reply_visibility : undefined,
});
