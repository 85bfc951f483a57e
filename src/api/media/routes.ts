import { Router } from 'express';
import { describeMedia, uploadMedia } from '../../commands/media/upload.js';
import { accessDenied } from '../../domain/media/index.js';
import { notFound } from '../../domain/shared/errors.js';
import { inspectFile } from '../../media/inspect.js';
import { findMediaById } from '../../projections/media/queries.js';
import { storageOf } from '../../storage/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';
import { renderAttachment } from '../views/attachment.js';
import { createMediaSchema, mediaIdSchema, parseFocus, updateMediaSchema } from './schemas.js';
import { serveMedia } from './serve.js';
import { requiredFile, uploadBody } from './uploads.js';

/** Media attachments (Mastodon's MediaController as Pleroma has it) and the uploads themselves. */
export function mediaRoutes(deps: AppDeps): Router {
  const router = Router();
  const media = { ...deps, storage: storageOf(deps) };
  const owned = async (id: string, accountId: string) => {
    const record = await findMediaById(deps.db, id);
    if (!record) throw notFound();
    if (record.ownerId !== accountId) throw accessDenied();
    return record;
  };

  /** POST /api/v1/media and /api/v2/media — v2 answers 200 too: the upload is processed at once. */
  router.post(
    ['/api/v1/media', '/api/v2/media'],
    authenticated({ scopes: ['write:media'] }),
    ...uploadBody(deps.config.UPLOAD_LIMIT),
    async (req, res) => {
      const params = validate(createMediaSchema, req);
      const file = await inspectFile(requiredFile(req, 'file'));
      const input = { file, description: params.description ?? null, focus: parseFocus(params.focus) };
      const record = await uploadMedia(media, req.auth!.accountId!, input, commandContext(req, deps));
      res.json(renderAttachment(record));
    },
  );

  /** GET /api/v1/media/:id — the owner's upload; another's is 403 "Access denied". */
  router.get('/api/v1/media/:id', authenticated({ scopes: ['read:media'] }), async (req, res) => {
    const { id } = validate(mediaIdSchema, req);
    res.json(renderAttachment(await owned(id, req.auth!.accountId!)));
  });

  /** PUT /api/v1/media/:id — changes the description; without one, answers the upload as it is. */
  router.put('/api/v1/media/:id', authenticated({ scopes: ['write:media'] }), async (req, res) => {
    const accountId = req.auth!.accountId!;
    const { id, description } = validate(updateMediaSchema, req);
    const record =
      description === undefined
        ? await owned(id, accountId)
        : await describeMedia(media, accountId, id, description, commandContext(req, deps));
    res.json(renderAttachment(record));
  });

  /** GET /media/<key> — the uploaded files. */
  router.get('/media/*key', (req, res) => serveMedia(media.storage, req, res));

  return router;
}
