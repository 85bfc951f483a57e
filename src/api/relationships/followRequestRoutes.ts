import { Router } from 'express';
import { relateAndWait, requireTarget } from '../../commands/relationships/index.js';
import { followRequestIdsPage } from '../../projections/relationships/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage } from '../http/pagination.js';
import { validate } from '../http/validate.js';
import { presentRelationship, sendAccountPage } from './present.js';
import { idParam } from './schemas.js';

/** Follow requests to a locked account (Pleroma's FollowRequestController). */
export function followRequestRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/v1/follow_requests — who asks to follow the caller, newest account first. */
  router.get(
    '/api/v1/follow_requests',
    authenticated({ scopes: ['follow', 'read:follows'] }),
    async (req, res) => {
      const viewerId = req.auth!.accountId!;
      await sendAccountPage(
        deps,
        req,
        res,
        await followRequestIdsPage(deps.db, viewerId, parsePage(req)),
        viewerId,
      );
    },
  );

  for (const answer of ['authorize', 'reject'] as const) {
    /** POST /api/v1/follow_requests/:id/authorize | reject — the Relationship with the requester. */
    router.post(
      `/api/v1/follow_requests/:id/${answer}`,
      authenticated({ scopes: ['follow', 'write:follows'] }),
      async (req, res) => {
        const actorId = req.auth!.accountId!;
        const follower = await requireTarget(deps.db, validate(idParam, req).id);
        const type = answer === 'authorize' ? 'AuthorizeFollowRequest' : 'RejectFollowRequest';
        await relateAndWait(deps, { type, actorId, targetId: follower.id }, commandContext(req, deps));
        res.json(await presentRelationship(deps, actorId, follower.id));
      },
    );
  }

  return router;
}
