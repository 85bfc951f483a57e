import { z } from 'zod';

/**
 * Parameters Pleroma declares with plain OpenAPI types (not its BooleanLike), cast as its OpenApiSpex casts
 * them: anything else is §0.4's 400 `<name> - Invalid <type>. Got: <value>.`
 */

/** A boolean: only true and false, as JSON or as the strings. */
export const openApiBoolean = z.unknown().transform((value, ctx) => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  ctx.addIssue({ code: 'invalid_type', expected: 'boolean', input: value });
  return z.NEVER;
});

/** An integer: a JSON integer or its digits in a string, sign allowed. */
export const openApiInteger = z.unknown().transform((value, ctx) => {
  const parsed = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isInteger(parsed)) return parsed;
  ctx.addIssue({ code: 'invalid_type', expected: 'integer', input: value });
  return z.NEVER;
});

/**
 * The longest span a seconds parameter takes: OpenAPI's int32 (about 68 years). Without a bound, `1e308` made
 * no date at all (a 500), and a few trillion seconds a date past year 9999 no read model could store.
 */
export const MAX_SECONDS = 2 ** 31 - 1;

/** A span in seconds (mute durations, status lifetimes), at most MAX_SECONDS. */
export const openApiSeconds = openApiInteger.pipe(
  z.number().max(MAX_SECONDS, { message: `must be at most ${MAX_SECONDS} seconds` }),
);
