import { z } from 'zod';
import { KNOWN_NOTIFICATION_TYPES } from '../../domain/notification/rules.js';
import { VISIBILITIES } from '../../domain/status/events.js';
import { isNotificationId } from '../../projections/notifications/queries.js';
import { booleanLike } from '../accounts/schemas.js';

const isKnownType = (value: string) => (KNOWN_NOTIFICATION_TYPES as readonly string[]).includes(value);
/**
 * `types[]=a&types[]=b`, or one `types=a`. Values naming no type are dropped, as Pleroma's non-strict cast drops
 * an array's invalid enum items and tries again (none left: no filter).
 */
const types = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).filter(isKnownType)));

const isVisibility = (value: string) => (VISIBILITIES as readonly string[]).includes(value);
/** `exclude_visibilities[]`: values naming no visibility are dropped, as for `types[]`. */
const visibilities = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).filter(isVisibility)));

/** GET /api/v1/notifications (Pleroma's NotificationOperation index; pagination is parsed apart). */
export const listSchema = z.object({
  types,
  exclude_types: types,
  /** Deprecated Pleroma name of `types`; `types` wins. */
  include_types: types,
  /** Any string: one naming nobody (the empty one too) is Pleroma's 404, not a validation error. */
  account_id: z.string().optional(),
  with_muted: booleanLike.optional(),
  exclude_visibilities: visibilities,
});

/**
 * A notification id: ids are positive 64-bit integers (§4.1), forms and JSON may send them as strings or
 * numbers. Bounded here: a `max_id` past the range became an event its projector could not apply. A number JSON
 * cannot carry exactly (past 2^53) is refused rather than rounded to another id.
 */
const id = z
  .union([
    z.string().trim(),
    z.number().transform((n) => (Number.isSafeInteger(n) && n >= 0 ? String(n) : '')),
  ])
  .refine(isNotificationId, { error: 'Invalid integer' });

/** POST /api/v1/pleroma/notifications/read (§4.1): `id` or `max_id`; `id` wins when both come. */
export const readSchema = z.object({ id: id.optional(), max_id: id.optional() });

/** The most ids one destroy_multiple may name: far more than any page, and a bound on one request's events. */
export const MAX_DISMISSED_IDS = 1000;

/** DELETE /api/v1/notifications/destroy_multiple — `ids[]` (required; Pleroma declares strings). */
export const destroyMultipleSchema = z.object({
  ids: z
    .union([z.string().transform((id) => [id]), z.array(z.string())])
    .pipe(
      z.array(z.string()).max(MAX_DISMISSED_IDS, { message: `names more than ${MAX_DISMISSED_IDS} ids` }),
    ),
});

/** POST /api/v1/notifications/dismiss (Mastodon's older form): the id in the body. */
export const dismissSchema = z.object({ id: z.union([z.string().min(1), z.number().transform(String)]) });

/** §1.4: only true/false/1/0 in any case count (Pleroma casts the lowercased string as a DB boolean). */
const setting = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.string().regex(/^(true|false|1|0)$/i)])
  .transform((value) => value === true || value === 1 || /^(true|1)$/i.test(String(value)));

export const notificationSettingsSchema = z.object({
  block_from_strangers: setting.optional(),
  hide_notification_contents: setting.optional(),
});

const timeline = z.enum(['home', 'notifications'], { error: 'Invalid value for enum' });

/** GET /api/v1/markers — `timeline[]`; none answers {}. */
export const markersQuerySchema = z.object({
  timeline: z.union([timeline.transform((value) => [value]), z.array(timeline)]).optional(),
});

const marker = z.object({ last_read_id: z.union([z.string().max(255), z.number().transform(String)]) });

/** POST /api/v1/markers — Pleroma keeps only the notifications marker; `home` is accepted and ignored. */
export const saveMarkersSchema = z.object({
  notifications: marker.optional(),
  home: z.unknown().optional(),
});
