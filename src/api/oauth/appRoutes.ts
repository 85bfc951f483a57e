import { Router } from 'express';
import { z } from 'zod';
import { registerApp } from '../../commands/oauth/index.js';
import { DEFAULT_APP_SCOPES, parseScopes } from '../../domain/oauth/scopes.js';
import { forbidden } from '../../domain/shared/errors.js';
import { findAppById } from '../../projections/oauth/queries.js';
import type { AppDeps } from '../deps.js';
import { INVALID_CREDENTIALS, noAuth, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { ValidationError, validate } from '../http/validate.js';
import { renderAppShort, renderRegisteredApp } from '../views/oauth.js';

const stringOrList = z.union([z.string(), z.array(z.string())]);

const createAppSchema = z.object({
  client_name: z.string().trim().min(1),
  redirect_uris: stringOrList,
  scopes: stringOrList.optional(),
  website: z.string().nullish(),
});

/** POST /api/v1/apps and GET /api/v1/apps/verify_credentials (Pleroma's MastodonAPI.AppController). */
export function appRoutes(deps: AppDeps): Router {
  const router = Router();

  /** Registers a client; no authentication. Scopes default to `read`, as in Pleroma. */
  router.post('/api/v1/apps', noAuth, async (req, res) => {
    const input = validate(createAppSchema, req);
    const redirectUris = (Array.isArray(input.redirect_uris) ? input.redirect_uris : [input.redirect_uris])
      .flatMap((uri) => uri.split(/\s+/))
      .filter((uri) => uri !== '');
    if (redirectUris.length === 0) {
      throw new ValidationError([{ field: 'redirect_uris', message: 'Missing field: redirect_uris.' }]);
    }
    const app = await registerApp(
      deps,
      {
        name: input.client_name,
        website: input.website?.trim() || null,
        redirectUris,
        scopes: parseScopes(input.scopes, DEFAULT_APP_SCOPES),
      },
      commandContext(req, deps),
    );
    res.json(renderRegisteredApp(app));
  });

  /** The app behind the request's token (app-only tokens included); scope `read`. */
  router.get(
    '/api/v1/apps/verify_credentials',
    publicOrAuthenticated({ scopes: ['read'] }),
    async (req, res) => {
      const app = req.auth?.appId ? await findAppById(deps.db, req.auth.appId) : undefined;
      if (!app) throw forbidden(INVALID_CREDENTIALS);
      res.json(renderAppShort(app));
    },
  );

  return router;
}
