import { Router } from 'express';
import { z } from 'zod';
import { homeTimeline, publicTimeline, tagTimeline } from '../../projections/statuses/queries.js';
import { booleanLike } from '../accounts/schemas.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { validate } from '../http/validate.js';
import { presentStatuses } from '../statuses/gather.js';

const publicSchema = z.object({
  local: booleanLike.optional(),
  remote: booleanLike.optional(),
  only_media: booleanLike.optional(),
});
const tagSchema = z.object({ hashtag: z.string().min(1) });

const readStatuses = publicOrAuthenticated({ scopes: ['read:statuses'], fallbackToAnonymous: true });

/** Timelines: home, public and hashtag, newest first with Mastodon pagination and Link headers. */
export function timelineRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/v1/timelines/home — the caller's own statuses and those addressed to them (follows: issue 4). */
  router.get('/api/v1/timelines/home', authenticated({ scopes: ['read:statuses'] }), async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const rows = await homeTimeline(deps.db, viewerId, parsePage(req));
    setLinkHeader(res, req, deps.config, rows);
    res.json(await presentStatuses(deps, rows, viewerId));
  });

  /** GET /api/v1/timelines/public — public statuses only; every status is local, so `local=true` keeps all. */
  router.get('/api/v1/timelines/public', readStatuses, async (req, res) => {
    const params = validate(publicSchema, req);
    const filter = { onlyMedia: params.only_media, remoteOnly: params.remote && !params.local };
    const rows = await publicTimeline(deps.db, parsePage(req), filter);
    setLinkHeader(res, req, deps.config, rows);
    res.json(await presentStatuses(deps, rows, req.auth?.accountId ?? null));
  });

  /** GET /api/v1/timelines/tag/:hashtag — public statuses with the hashtag (any case). */
  router.get('/api/v1/timelines/tag/:hashtag', readStatuses, async (req, res) => {
    const { hashtag } = validate(tagSchema, req);
    const rows = await tagTimeline(deps.db, hashtag.replace(/^#/, ''), parsePage(req));
    setLinkHeader(res, req, deps.config, rows);
    res.json(await presentStatuses(deps, rows, req.auth?.accountId ?? null));
  });

  return router;
}
