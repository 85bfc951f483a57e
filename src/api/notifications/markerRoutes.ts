import { Router } from 'express';
import { saveNotificationsMarker } from '../../commands/notifications/index.js';
import { notificationsMarker } from '../../projections/notifications/queries.js';
import type { AppDeps } from '../deps.js';
import type { Marker } from '../entities/notification.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';
import { renderMarker } from '../views/notification.js';
import { markersQuerySchema, saveMarkersSchema } from './schemas.js';

/** The notifications marker as the markers endpoints answer it: `{}` until it exists. */
async function markers(deps: AppDeps, accountId: string): Promise<{ notifications?: Marker }> {
  const marker = await notificationsMarker(deps.db, accountId);
  return marker ? { notifications: renderMarker(marker) } : {};
}

/**
 * Markers (Mastodon's MarkerController as Pleroma has it): only the `notifications` timeline is kept, with
 * Pleroma's `pleroma.unread_count`. Scopes are the controller's (read/write:statuses).
 */
export function markerRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/v1/markers — the markers of `timeline[]` that exist; none asked, {}. */
  router.get('/api/v1/markers', authenticated({ scopes: ['read:statuses'] }), async (req, res) => {
    const { timeline } = validate(markersQuerySchema, req);
    if (!timeline?.includes('notifications')) return void res.json({});
    res.json(await markers(deps, req.auth!.accountId!));
  });

  /** POST /api/v1/markers — saves `notifications[last_read_id]`; answers the markers saved. */
  router.post('/api/v1/markers', authenticated({ scopes: ['write:statuses'] }), async (req, res) => {
    const { notifications } = validate(saveMarkersSchema, req);
    const accountId = req.auth!.accountId!;
    if (!notifications) return void res.json({});
    await saveNotificationsMarker(deps, accountId, notifications.last_read_id, commandContext(req, deps));
    res.json(await markers(deps, accountId));
  });

  return router;
}
