import { Router } from 'express';
import { changeMascot } from '../../commands/media/profileImages.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import { storageOf } from '../../storage/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { requiredFile, uploadBody } from '../media/uploads.js';
import { DEFAULT_MASCOT, renderAttachment } from '../views/attachment.js';

/** §5.6 the mascot: the picture Pleroma-FE shows beside the post form. */
export function mascotRoutes(deps: AppDeps): Router {
  const router = Router();
  const media = { ...deps, storage: storageOf(deps) };

  /** GET /api/v1/pleroma/mascot — the account's mascot as an Attachment, else the instance default. */
  router.get('/api/v1/pleroma/mascot', authenticated({ scopes: ['read:accounts'] }), async (req, res) => {
    const mascot = (await findAccountById(deps.db, req.auth!.accountId!))?.mascot;
    res.json(mascot ? renderAttachment({ ...mascot, description: null }) : DEFAULT_MASCOT);
  });

  /** PUT /api/v1/pleroma/mascot — multipart `file`, an image (else 415); answers the new mascot. */
  router.put(
    '/api/v1/pleroma/mascot',
    authenticated({ scopes: ['write:accounts'] }),
    ...uploadBody(deps.config.UPLOAD_LIMIT),
    async (req, res) => {
      const bytes = requiredFile(req, 'file');
      const mascot = await changeMascot(media, req.auth!.accountId!, bytes, commandContext(req, deps));
      res.json(renderAttachment({ ...mascot, description: null }));
    },
  );

  return router;
}
