import { Router } from 'express';
import { z } from 'zod';
import { createWebFinger } from '../../net/webFinger.js';
import type { AppDeps } from '../deps.js';
import { validate } from '../http/validate.js';

const remoteInteractionSchema = z.object({ ap_id: z.string(), profile: z.string() });

/**
 * §1.11 `POST /api/v1/pleroma/remote_interaction` (no authentication): where to interact with the object
 * `ap_id` from the account `profile` on its own server, found by WebFinger, as Pleroma's UtilController does.
 */
export function remoteInteractionRoutes(deps: AppDeps): Router {
  const router = Router();
  const webFinger = deps.webFinger ?? createWebFinger({ allowLocal: deps.config.ALLOW_LOCAL_FETCH });

  /** 200 `{url}` with `{uri}` of the subscribe template replaced by ap_id, else 200 "Couldn't find user". */
  router.post('/api/v1/pleroma/remote_interaction', async (req, res) => {
    const { ap_id, profile } = validate(remoteInteractionSchema, req);
    const template = await webFinger.subscribeTemplate(profile);
    res.json(
      template === null ? { error: "Couldn't find user" } : { url: template.replaceAll('{uri}', ap_id) },
    );
  });

  return router;
}
