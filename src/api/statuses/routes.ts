import { Router } from 'express';
import { deleteStatus, postStatus } from '../../commands/statuses/index.js';
import { localNickname } from '../../domain/account/addresses.js';
import { notFound } from '../../domain/shared/errors.js';
import { findAccountByIdOrNickname } from '../../projections/accounts/queries.js';
import {
  accountStatuses,
  findStatusesByIds,
  findVisibleStatus,
  statusContext,
} from '../../projections/statuses/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { validate } from '../http/validate.js';
import { presentStatus, presentStatuses } from './gather.js';
import {
  accountStatusesSchema,
  postStatusInput,
  postStatusSchema,
  statusIdSchema,
  statusIdsSchema,
} from './schemas.js';

const readStatuses = publicOrAuthenticated({ scopes: ['read:statuses'], fallbackToAnonymous: true });

/** Statuses (§12.3): post, show, delete, context, and an account's statuses. */
export function statusRoutes(deps: AppDeps): Router {
  const router = Router();
  const visible = async (id: string, viewerId: string | null) =>
    (await findVisibleStatus(deps.db, id, viewerId)) ?? Promise.reject(notFound());

  /** POST /api/v1/statuses — with the Idempotency-Key header, a repeated request answers the same status. */
  router.post('/api/v1/statuses', authenticated({ scopes: ['write:statuses'] }), async (req, res) => {
    const accountId = req.auth!.accountId!;
    const extra = { idempotencyKey: req.get('idempotency-key') || undefined, appId: req.auth!.appId };
    const input = postStatusInput(validate(postStatusSchema, req), extra);
    const status = await postStatus(deps, accountId, input, commandContext(req, deps));
    res.json(await presentStatus(deps, status, accountId));
  });

  /** GET /api/v1/statuses?id[]=… — the visible ones of (at most 100) ids, in the order asked. */
  router.get('/api/v1/statuses', readStatuses, async (req, res) => {
    const viewerId = req.auth?.accountId ?? null;
    const ids = validate(statusIdsSchema, req).slice(0, 100);
    const found = await findStatusesByIds(deps.db, ids, { viewerId });
    const rows = ids.flatMap((id) => found.get(id) ?? []);
    res.json(await presentStatuses(deps, [...new Set(rows)], viewerId));
  });

  /** GET /api/v1/statuses/:id — 404 "Record not found" when unknown or not visible to the caller. */
  router.get('/api/v1/statuses/:id', readStatuses, async (req, res) => {
    const viewerId = req.auth?.accountId ?? null;
    const status = await visible(validate(statusIdSchema, req).id, viewerId);
    res.json(await presentStatus(deps, status, viewerId));
  });

  /** DELETE /api/v1/statuses/:id — the author only; answers the deleted status with its source `text`. */
  router.delete('/api/v1/statuses/:id', authenticated({ scopes: ['write:statuses'] }), async (req, res) => {
    const accountId = req.auth!.accountId!;
    const { id } = validate(statusIdSchema, req);
    const status = await deleteStatus(deps, accountId, id, commandContext(req, deps));
    res.json(await presentStatus(deps, status, accountId, { withSource: true }));
  });

  /** GET /api/v1/statuses/:id/context — the thread around it, as far as the caller may see. */
  router.get('/api/v1/statuses/:id/context', readStatuses, async (req, res) => {
    const viewerId = req.auth?.accountId ?? null;
    const status = await visible(validate(statusIdSchema, req).id, viewerId);
    const { ancestors, descendants } = await statusContext(deps.db, status, viewerId);
    const [a, d] = await Promise.all([
      presentStatuses(deps, ancestors, viewerId),
      presentStatuses(deps, descendants, viewerId),
    ]);
    res.json({ ancestors: a, descendants: d });
  });

  /** GET /api/v1/accounts/:id/statuses — by id or nickname; `pinned=true` for those pinned on the profile. */
  router.get('/api/v1/accounts/:id/statuses', readStatuses, async (req, res) => {
    const viewerId = req.auth?.accountId ?? null;
    const params = validate(accountStatusesSchema, req);
    const page = parsePage(req);
    const account = await findAccountByIdOrNickname(
      deps.db,
      localNickname(params.id, deps.config.LOCAL_DOMAIN),
    );
    if (!account?.isActive) throw notFound("Can't find user");
    const filter = {
      withMuted: params.with_muted,
      excludeReplies: params.exclude_replies,
      onlyMedia: params.only_media,
      tagged: params.tagged,
      excludeVisibilities: params.exclude_visibilities,
      pinned: params.pinned,
    };
    const rows = await accountStatuses(deps.db, account.id, viewerId, page, filter);
    setLinkHeader(res, req, deps.config, rows);
    res.json(await presentStatuses(deps, rows, viewerId));
  });

  return router;
}
