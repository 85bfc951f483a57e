import { Router } from 'express';
import { z } from 'zod';
import { readAppSettings, updateAppSettings } from '../../commands/accounts/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';

const appSchema = z.object({ app: z.string() });

/** The body as the app's patch: no body is an empty patch; a token sent in the body is not a setting. */
function patchOf(body: unknown): unknown {
  if (body === undefined) return {};
  if (body && typeof body === 'object' && !Array.isArray(body) && 'access_token' in body) {
    const { access_token: _token, ...rest } = body as Record<string, unknown>;
    return rest;
  }
  return body;
}

/** §5.7, Pleroma's SettingsController: the front-ends' per-app configuration. */
export function settingsRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/v1/pleroma/settings/:app — the app's object, {} when none. */
  router.get(
    '/api/v1/pleroma/settings/:app',
    authenticated({ scopes: ['read:accounts'] }),
    async (req, res) => {
      const { app } = validate(appSchema, req);
      res.json(await readAppSettings(deps, req.auth!.accountId!, app));
    },
  );

  /** PATCH /api/v1/pleroma/settings/:app — merged recursively, a null removes; answers the merged object. */
  router.patch(
    '/api/v1/pleroma/settings/:app',
    authenticated({ scopes: ['write:accounts'] }),
    async (req, res) => {
      const { app } = validate(appSchema, req);
      const context = commandContext(req, deps);
      res.json(await updateAppSettings(deps, req.auth!.accountId!, app, patchOf(req.body), context));
    },
  );

  return router;
}
