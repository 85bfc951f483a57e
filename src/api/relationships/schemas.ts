import { z } from 'zod';
import { booleanLike } from '../accounts/schemas.js';
import { openApiSeconds } from '../http/openApiTypes.js';

export const idParam = z.object({ id: z.string().min(1) });

/** `with_relationships`, on the account lists and `GET /api/v1/accounts/:id` (Pleroma's embed_relationships?). */
export const withRelationshipsSchema = z.object({ with_relationships: booleanLike.default(false) });

/**
 * POST /api/v1/accounts/:id/follow — absent, `reblogs` is true and `notify` false: Pleroma's OpenAPI cast fills
 * in its schema's defaults, so following again without them shows reblogs and ends a subscription.
 */
export const followSchema = idParam.extend({
  reblogs: booleanLike.default(true),
  notify: booleanLike.default(false),
});

/** POST /api/v1/accounts/:id/mute — `duration` in seconds (0 or less: forever), `expires_in` its older name. */
export const muteSchema = idParam.extend({
  notifications: booleanLike.default(true),
  duration: openApiSeconds.optional(),
  expires_in: openApiSeconds.optional(),
});

/**
 * The most ids one relationships request may name: far more than any client's page of accounts, and few enough
 * that the queries stay within PostgreSQL's bind parameters (a body of 70,000 ids was a 500).
 */
export const MAX_RELATIONSHIP_IDS = 1000;

/** GET /api/v1/accounts/relationships — `id` or `id[]`; none at all answers [] (Pleroma, like Mastodon). */
export const relationshipsSchema = z.object({
  id: z
    .union([z.string().transform((id) => [id]), z.array(z.string())])
    .pipe(
      z
        .array(z.string())
        .max(MAX_RELATIONSHIP_IDS, { message: `names more than ${MAX_RELATIONSHIP_IDS} accounts` }),
    )
    .optional(),
});
