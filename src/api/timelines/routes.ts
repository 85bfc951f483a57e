import { Router } from 'express';
import { homeTimelineRead, publicTimeline, tagTimeline } from '../../projections/statuses/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { validate } from '../http/validate.js';
import { presentStatuses, renderGathered, statusExtrasProviders } from '../statuses/gather.js';
import { readPageGathered } from '../statuses/gathered.js';
import { homeSchema, publicSchema, readerFilter, tagSchema } from './schemas.js';

const readStatuses = publicOrAuthenticated({ scopes: ['read:statuses'], fallbackToAnonymous: true });

/**
 * Timelines: home, public and hashtag, newest first with Mastodon pagination and Link headers. Each leaves out
 * what its signed-in reader blocks, and mutes unless `with_muted=true`, and the `exclude_visibilities[]`.
 */
export function timelineRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/v1/timelines/home — the caller's own statuses, those addressed to them and the followed accounts'. */
  router.get('/api/v1/timelines/home', authenticated({ scopes: ['read:statuses'] }), async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const params = validate(homeSchema, req);
    const home = {
      ...readerFilter(viewerId, params),
      onlyMedia: params.only_media,
      remoteOnly: params.remote,
    };
    const read = homeTimelineRead(viewerId, parsePage(req), home);
    const { records, gathered } = await readPageGathered(deps.db, read, viewerId, statusExtrasProviders);
    setLinkHeader(res, req, deps.config, records);
    res.json((await renderGathered(deps, records, gathered, viewerId)).statuses);
  });

  /** GET /api/v1/timelines/public — public statuses only; every status is local, so `local=true` keeps all. */
  router.get('/api/v1/timelines/public', readStatuses, async (req, res) => {
    const viewerId = req.auth?.accountId ?? null;
    const params = validate(publicSchema, req);
    // Every status is local: `remote=true` (with `local=true` or not, as Pleroma's two filters) leaves none.
    const filter = { onlyMedia: params.only_media, remoteOnly: params.remote };
    const rows = await publicTimeline(deps.db, parsePage(req), filter, readerFilter(viewerId, params));
    setLinkHeader(res, req, deps.config, rows);
    res.json(await presentStatuses(deps, rows, viewerId));
  });

  /** GET /api/v1/timelines/tag/:hashtag — public statuses with the hashtag (any case). */
  router.get('/api/v1/timelines/tag/:hashtag', readStatuses, async (req, res) => {
    const viewerId = req.auth?.accountId ?? null;
    const params = validate(tagSchema, req);
    const tags = {
      any: [params.hashtag.replace(/^#/, ''), ...params.any],
      all: params.all,
      none: params.none,
      onlyMedia: params.only_media,
    };
    const rows = await tagTimeline(deps.db, tags, parsePage(req), readerFilter(viewerId, params));
    setLinkHeader(res, req, deps.config, rows);
    res.json(await presentStatuses(deps, rows, viewerId));
  });

  return router;
}
