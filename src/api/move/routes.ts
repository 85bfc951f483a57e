import { Router } from 'express';
import { z } from 'zod';
import { moveAccount } from '../../commands/relationships/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';

/** §1.9: both required, as Pleroma's schema has them (a missing password is a 400, a wrong one a 200). */
const moveSchema = z.object({ password: z.string(), target_account: z.string() });

/** §1.9 account moves: only under /api/pleroma (no /api/v1/pleroma twin). */
export function moveRoutes(deps: AppDeps): Router {
  const router = Router();

  /** POST /api/pleroma/move_account — password, target, alias rule, then Moved; followers move in the background. */
  router.post(
    '/api/pleroma/move_account',
    authenticated({ scopes: ['write:accounts'] }),
    async (req, res) => {
      const { password, target_account: targetAccount } = validate(moveSchema, req);
      await moveAccount(deps, req.auth!.accountId!, { password, targetAccount }, commandContext(req, deps));
      res.json({ status: 'success' });
    },
  );

  return router;
}
