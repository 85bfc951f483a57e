import { z } from 'zod';
import { booleanLike } from '../accounts/schemas.js';

export const idParam = z.object({ id: z.string().min(1) });

/** POST /api/v1/accounts/:id/follow — `reblogs` and `notify` are unchanged when absent. */
export const followSchema = idParam.extend({
  reblogs: booleanLike.optional(),
  notify: booleanLike.optional(),
});

const seconds = z.union([z.number(), z.string().regex(/^\s*\d+\s*$/)]).transform(Number);

/** POST /api/v1/accounts/:id/mute — `duration` in seconds (0: forever), `expires_in` its older name. */
export const muteSchema = idParam.extend({
  notifications: booleanLike.default(true),
  duration: seconds.optional(),
  expires_in: seconds.optional(),
});

/** GET /api/v1/accounts/relationships — `id` or `id[]`; none at all answers [] (Pleroma, like Mastodon). */
export const relationshipsSchema = z.object({
  id: z.union([z.string(), z.array(z.string())]).optional(),
});
