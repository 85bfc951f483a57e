import { Router } from 'express';
import { bookmarkStatus } from '../../commands/bookmarks/index.js';
import { accountBookmarks } from '../../projections/bookmarks/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { presentStatus, presentStatusesInOrder } from '../statuses/gather.js';

const writeBookmarks = authenticated({ scopes: ['write:bookmarks'] });

/** Bookmarks (Mastodon's StatusController bookmark actions, as Pleroma serves them; no folders). */
export function bookmarkRoutes(deps: AppDeps): Router {
  const router = Router();

  for (const [action, bookmarked] of [
    ['bookmark', true],
    ['unbookmark', false],
  ] as const) {
    /** POST /api/v1/statuses/:id/(un)bookmark — the status as the projections now show it. */
    router.post(`/api/v1/statuses/:id/${action}`, writeBookmarks, async (req, res) => {
      const accountId = req.auth!.accountId!;
      const context = commandContext(req, deps);
      const status = await bookmarkStatus(deps, accountId, String(req.params.id), bookmarked, context);
      res.json(await presentStatus(deps, status, accountId, { single: false }));
    });
  }

  /** GET /api/v1/bookmarks — the caller's bookmarks it may still see, newest bookmark first, paged by its id. */
  router.get('/api/v1/bookmarks', authenticated({ scopes: ['read:bookmarks'] }), async (req, res) => {
    const accountId = req.auth!.accountId!;
    const bookmarks = await accountBookmarks(deps.db, accountId, parsePage(req));
    setLinkHeader(
      res,
      req,
      deps.config,
      bookmarks.map((b) => ({ id: b.bookmarkId })),
    );
    res.json(
      await presentStatusesInOrder(
        deps,
        bookmarks.map((b) => b.statusId),
        accountId,
      ),
    );
  });

  return router;
}
