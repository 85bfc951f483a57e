import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { addReaction, removeReaction } from '../../commands/reactions/index.js';
import { couldNotAddReaction, couldNotRemoveReaction } from '../../domain/reaction/index.js';
import { reactionEntries } from '../../projections/reactions/queries.js';
import { blockedOrMutedBy } from '../../projections/relationships/queries.js';
import { findVisibleStatus } from '../../projections/statuses/queries.js';
import { presentAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { openApiBoolean } from '../http/openApiTypes.js';
import { validate } from '../http/validate.js';
import { presentStatus } from '../statuses/gather.js';
import { renderReactionList } from '../views/reaction.js';

const BASE = '/api/v1/pleroma/statuses/:id/reactions';
const writeStatuses = authenticated({ scopes: ['write:statuses'] });
const readStatuses = publicOrAuthenticated({ scopes: ['read:statuses'], fallbackToAnonymous: true });
/** §9.4: `with_muted` is a plain OpenAPI boolean in Pleroma's EmojiReactionOperation. */
const listSchema = z.object({ with_muted: openApiBoolean.optional() });

/** §9 emoji reactions (Pleroma's EmojiReactionController). */
export function reactionRoutes(deps: AppDeps): Router {
  const router = Router();

  /** PUT …/reactions/:emoji — §9.2: react; the status rendered for the reactor. */
  router.put(`${BASE}/:emoji`, writeStatuses, async (req, res) => {
    const accountId = req.auth!.accountId!;
    const { id, emoji } = req.params as Record<string, string>;
    const status = await addReaction(deps, accountId, id!, emoji!, commandContext(req, deps));
    res.json(await presentStatus(deps, status, accountId, { single: false }));
  });

  /** DELETE …/reactions/:emoji — §9.3: undo the caller's reaction. */
  router.delete(`${BASE}/:emoji`, writeStatuses, async (req, res) => {
    const accountId = req.auth!.accountId!;
    const { id, emoji } = req.params as Record<string, string>;
    const status = await removeReaction(deps, accountId, id!, emoji!, commandContext(req, deps));
    res.json(await presentStatus(deps, status, accountId, { single: false }));
  });

  /**
   * GET …/reactions[/:emoji] — §9.4: the entries (only those stored under exactly `:emoji`) with their
   * active reactors. An unknown status, one the reader may not see, or `show_reactions` off: 200 [].
   */
  const list = async (req: Request, res: Response) => {
    const { with_muted: withMuted } = validate(listSchema, req);
    const viewerId = req.auth?.accountId ?? null;
    const { id, emoji } = req.params as Record<string, string | undefined>;
    const status = deps.config.SHOW_REACTIONS ? await findVisibleStatus(deps.db, id!, viewerId) : undefined;
    // No reaction's name holds a NUL (nor could PostgreSQL take one to compare).
    if (!status || emoji?.includes('\u0000')) return void res.json([]);
    const entries = (await reactionEntries(deps.db, [status.id], { emoji })).get(status.id) ?? [];
    const reactorIds = [...new Set(entries.flatMap((e) => e.accountIds))];
    const [accounts, hidden] = await Promise.all([
      presentAccounts(deps, reactorIds, viewerId),
      viewerId ? blockedOrMutedBy(deps.db, viewerId, reactorIds, { withMuted }) : new Set<string>(),
    ]);
    for (const id of hidden) accounts.delete(id);
    res.json(renderReactionList(entries, accounts, viewerId));
  };
  router.get(BASE, readStatuses, list);
  router.get(`${BASE}/:emoji`, readStatuses, list);

  /** A `:emoji` whose percent-encoding is malformed is a bad emoji too (§9.2, §9.3), not a generic 400. */
  router.use((error: unknown, req: Request, _res: Response, next: NextFunction) => {
    const reactionWrite = error instanceof URIError && /\/reactions\/[^/]+$/.test(req.path);
    if (reactionWrite && req.method === 'PUT') return next(couldNotAddReaction());
    if (reactionWrite && req.method === 'DELETE') return next(couldNotRemoveReaction());
    next(error);
  });

  return router;
}
