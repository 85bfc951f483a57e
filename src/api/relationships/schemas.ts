import { z } from 'zod';
import { booleanLike } from '../accounts/schemas.js';

export const idParam = z.object({ id: z.string().min(1) });

/**
 * POST /api/v1/accounts/:id/follow — absent, `reblogs` is true and `notify` false: Pleroma's OpenAPI cast fills
 * in its schema's defaults, so following again without them shows reblogs and ends a subscription.
 */
export const followSchema = idParam.extend({
  reblogs: booleanLike.default(true),
  notify: booleanLike.default(false),
});

/**
 * The longest mute duration: OpenAPI's int32 (about 68 years). Without a bound, `1e308` made no date at all
 * (a 500), and a few trillion seconds a date past year 9999 that the relationships read model could not
 * store, leaving the Muted event stuck in front of every later relationship change.
 */
export const MAX_MUTE_SECONDS = 2 ** 31 - 1;

/** An OpenAPI integer as Pleroma casts it: a JSON integer or its digits in a string, sign allowed. */
const integer = z.unknown().transform((value, ctx) => {
  const parsed = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isInteger(parsed)) return parsed;
  ctx.addIssue({ code: 'invalid_type', expected: 'integer', input: value });
  return z.NEVER;
});

const seconds = integer.pipe(
  z.number().max(MAX_MUTE_SECONDS, { message: `must be at most ${MAX_MUTE_SECONDS} seconds` }),
);

/** POST /api/v1/accounts/:id/mute — `duration` in seconds (0 or less: forever), `expires_in` its older name. */
export const muteSchema = idParam.extend({
  notifications: booleanLike.default(true),
  duration: seconds.optional(),
  expires_in: seconds.optional(),
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
