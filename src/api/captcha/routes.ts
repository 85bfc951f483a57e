import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { noAuth } from '../http/auth.js';

/** §1.2: GET /api/v1/pleroma/captcha (and /api/pleroma/captcha through the rerouter); no authentication. */
export function captchaRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/v1/pleroma/captcha', noAuth, (_req, res) => {
    if (!deps.config.CAPTCHA_ENABLED) {
      res.json({ type: 'none' });
      return;
    }
    try {
      res.json(deps.captcha.issue(deps.clock()));
    } catch (error) {
      // Pleroma's answer when the picture cannot be made: still a 200.
      deps.logger.error({ err: error }, 'captcha generation failed');
      res.json({ error: 'captcha_error' });
    }
  });

  return router;
}
