import { Router } from 'express';
import { favouriteStatus, unfavouriteStatus } from '../../commands/favourites/index.js';
import { localNickname } from '../../domain/account/addresses.js';
import { forbidden, notFound } from '../../domain/shared/errors.js';
import { findAccountByIdOrNickname } from '../../projections/accounts/queries.js';
import {
  accountFavourites,
  favouritedStatusIds,
  favouritingAccountIds,
} from '../../projections/favourites/queries.js';
import { findStatusesByIds, findVisibleStatus } from '../../projections/statuses/queries.js';
import { presentAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { presentStatus, presentStatusesInOrder } from '../statuses/gather.js';

const writeFavourites = authenticated({ scopes: ['write:favourites'] });
const viewer = (req: { auth?: { accountId: string | null } }) => req.auth?.accountId ?? null;

/** Favourites (Mastodon's StatusController favourite actions, §5.2). */
export function favouriteRoutes(deps: AppDeps): Router {
  const router = Router();

  /** POST /api/v1/statuses/:id/favourite — favourite once; the status as the projections now show it. */
  router.post('/api/v1/statuses/:id/favourite', writeFavourites, async (req, res) => {
    const accountId = req.auth!.accountId!;
    const status = await favouriteStatus(deps, accountId, String(req.params.id), commandContext(req, deps));
    res.json(await presentStatus(deps, status, accountId, { single: false }));
  });

  /** POST /api/v1/statuses/:id/unfavourite — undo it; not favourited is 400 "Could not unfavorite". */
  router.post('/api/v1/statuses/:id/unfavourite', writeFavourites, async (req, res) => {
    const accountId = req.auth!.accountId!;
    const status = await unfavouriteStatus(deps, accountId, String(req.params.id), commandContext(req, deps));
    res.json(await presentStatus(deps, status, accountId, { single: false }));
  });

  /** GET /api/v1/favourites — the caller's favourites, newest favourite first, paged by favourite id. */
  router.get('/api/v1/favourites', authenticated({ scopes: ['read:favourites'] }), async (req, res) => {
    const accountId = req.auth!.accountId!;
    const favourites = await accountFavourites(deps.db, accountId, parsePage(req));
    setLinkHeader(
      res,
      req,
      deps.config,
      favourites.map((f) => ({ id: f.favouriteId })),
    );
    res.json(
      await presentStatusesInOrder(
        deps,
        favourites.map((f) => f.statusId),
        accountId,
      ),
    );
  });

  /** GET /api/v1/statuses/:id/favourited_by — unknown status [] and invisible 404, as Pleroma. */
  router.get(
    '/api/v1/statuses/:id/favourited_by',
    publicOrAuthenticated({ scopes: ['read:accounts'], fallbackToAnonymous: true }),
    async (req, res) => {
      const id = String(req.params.id);
      const viewerId = viewer(req);
      if (!deps.config.SHOW_REACTIONS) return void res.json([]);
      if (!(await findVisibleStatus(deps.db, id, viewerId))) {
        const exists = (await findStatusesByIds(deps.db, [id])).size > 0;
        if (exists) throw notFound();
        return void res.json([]);
      }
      const accountIds = await favouritingAccountIds(deps.db, id, viewerId);
      const accounts = await presentAccounts(deps, accountIds, viewerId);
      res.json(accountIds.flatMap((accountId) => accounts.get(accountId) ?? []));
    },
  );

  /** GET /api/v1/pleroma/accounts/:id/favourites — §5.2: hide_favorites is 403, paged by status id. */
  router.get(
    '/api/v1/pleroma/accounts/:id/favourites',
    publicOrAuthenticated({ scopes: ['read:favourites'], fallbackToAnonymous: true }),
    async (req, res) => {
      const page = parsePage(req);
      const nickname = localNickname(String(req.params.id), deps.config.LOCAL_DOMAIN);
      const account = await findAccountByIdOrNickname(deps.db, nickname);
      if (!account?.isActive) throw notFound();
      if (account.hideFavorites) throw forbidden("Can't get favorites");
      const ids = await favouritedStatusIds(deps.db, account.id, viewer(req), page);
      setLinkHeader(
        res,
        req,
        deps.config,
        ids.map((id) => ({ id })),
      );
      res.json(await presentStatusesInOrder(deps, ids, viewer(req)));
    },
  );

  return router;
}
