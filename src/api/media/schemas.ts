import { z } from 'zod';
import type { FocalPoint } from '../../domain/media/events.js';

/** Mastodon's `focus`, "x,y" with each from -1.0 to 1.0; anything else is ignored, as Pleroma ignores focus. */
export function parseFocus(value: string | undefined): FocalPoint | null {
  const match = value === undefined ? null : /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(value);
  if (!match) return null;
  const [x, y] = [Number(match[1]), Number(match[2])];
  const inRange = (n: number) => Number.isFinite(n) && n >= -1 && n <= 1;
  return inRange(x) && inRange(y) ? { x, y } : null;
}

/** POST /api/v1/media and /api/v2/media: `file` arrives as an upload, these beside it. */
export const createMediaSchema = z.object({
  description: z.string().optional(),
  focus: z.string().optional(),
});

export const mediaIdSchema = z.object({ id: z.string() });

/** PUT /api/v1/media/:id: without `description` the upload is answered unchanged; null clears it. */
export const updateMediaSchema = z.object({
  id: z.string(),
  description: z.string().nullable().optional(),
});
