import { z } from 'zod';
import type { ReaderFilter } from '../../projections/statuses/queries.js';
import { booleanLike } from '../accounts/schemas.js';
import { excludeVisibilitiesParam } from '../statuses/schemas.js';

/** What every timeline takes about its reader: Pleroma's `with_muted` and `exclude_visibilities[]`. */
const readerParams = {
  with_muted: booleanLike.optional(),
  exclude_visibilities: excludeVisibilitiesParam,
};

export const homeSchema = z.object(readerParams);

export const publicSchema = z.object({
  ...readerParams,
  local: booleanLike.optional(),
  remote: booleanLike.optional(),
  only_media: booleanLike.optional(),
});

export const tagSchema = z.object({ ...readerParams, hashtag: z.string().min(1) });

/** The reader's filter from the parsed params; anonymous readers block and mute no one. */
export const readerFilter = (viewerId: string | null, params: z.infer<typeof homeSchema>): ReaderFilter => ({
  viewerId,
  withMuted: params.with_muted,
  excludeVisibilities: params.exclude_visibilities,
});
