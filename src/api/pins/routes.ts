import { Router } from 'express';
import { pinStatus } from '../../commands/pins/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { presentStatus } from '../statuses/gather.js';

/** Pinned statuses (Mastodon's StatusController pin actions; Pleroma asks for write:accounts). */
export function pinRoutes(deps: AppDeps): Router {
  const router = Router();

  for (const [action, pin] of [
    ['pin', true],
    ['unpin', false],
  ] as const) {
    /** POST /api/v1/statuses/:id/(un)pin — the status as the projections now show it. */
    router.post(
      `/api/v1/statuses/:id/${action}`,
      authenticated({ scopes: ['write:accounts'] }),
      async (req, res) => {
        const accountId = req.auth!.accountId!;
        const status = await pinStatus(
          deps,
          accountId,
          String(req.params.id),
          pin,
          commandContext(req, deps),
        );
        res.json(await presentStatus(deps, status, accountId, { single: false }));
      },
    );
  }

  return router;
}
