import { z } from 'zod';
import type { PostStatusInput } from '../../commands/statuses/post.js';
import { VISIBILITIES, type Visibility } from '../../domain/status/events.js';
import { booleanLike } from '../accounts/schemas.js';
import { openApiSeconds } from '../http/openApiTypes.js';

/** POST /api/v1/statuses — Pleroma's StatusOperation create body (unknown fields are ignored; null is absent). */
export const postStatusSchema = z.object({
  status: z.string().nullish(),
  spoiler_text: z.string().nullish(),
  sensitive: booleanLike.nullish(),
  visibility: z.enum(VISIBILITIES).nullish(),
  in_reply_to_id: z.string().nullish(),
  // §6.2 (issue 6): a participation id; some clients send it as a number.
  in_reply_to_conversation_id: z.union([z.string(), z.number().int().nonnegative()]).nullish(),
  language: z.string().nullish(),
  /** Seconds until the status deletes itself (Pleroma's ActivityExpiration); more than 600 or a 422. */
  expires_in: openApiSeconds.nullish(),
  // `media_ids[]=…` (form, query) or a JSON array; a lone `media_ids=…` is one id.
  media_ids: z
    .union([z.string(), z.array(z.string())])
    .nullish()
    .transform((v) => (v == null ? undefined : Array.isArray(v) ? v : [v])),
});

export function postStatusInput(
  params: z.infer<typeof postStatusSchema>,
  extra: Pick<PostStatusInput, 'idempotencyKey' | 'appId'>,
): PostStatusInput {
  return {
    status: params.status ?? undefined,
    spoilerText: params.spoiler_text ?? undefined,
    sensitive: params.sensitive ?? undefined,
    visibility: params.visibility ?? undefined,
    inReplyToId: params.in_reply_to_id ?? undefined,
    inReplyToConversationId: params.in_reply_to_conversation_id?.toString(),
    language: params.language ?? undefined,
    mediaIds: params.media_ids,
    expiresIn: params.expires_in ?? undefined,
    ...extra,
  };
}

export const statusIdSchema = z.object({ id: z.string() });

const isVisibility = (value: string): value is Visibility =>
  (VISIBILITIES as readonly string[]).includes(value);

/**
 * `exclude_visibilities[]=…` (a lone `exclude_visibilities=…` is one value): the statuses of these visibilities
 * are left out. Values naming no visibility Annals has (`local`, `list`, anything else) are ignored.
 */
export const excludeVisibilitiesParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter(isVisibility)));

/** GET /api/v1/accounts/:id/statuses filters (pagination is parsed apart). */
export const accountStatusesSchema = z.object({
  id: z.string(),
  pinned: booleanLike.optional(),
  only_media: booleanLike.optional(),
  exclude_replies: booleanLike.optional(),
  exclude_reblogs: booleanLike.optional(),
  with_muted: booleanLike.optional(),
  tagged: z.string().optional(),
  exclude_visibilities: excludeVisibilitiesParam,
});

const idList = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

/** GET /api/v1/statuses?id[]=…: Pleroma reads `id`, falling back to `ids`. */
export const statusIdsSchema = z
  .object({ id: idList.optional(), ids: idList.optional() })
  .transform(({ id, ids }) => id ?? ids ?? []);
