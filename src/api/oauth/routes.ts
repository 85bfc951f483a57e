import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { appRoutes } from './appRoutes.js';
import { authorizeRoutes } from './authorizeRoutes.js';
import { mfaLoginRoutes } from './mfaRoutes.js';
import { tokenManagementRoutes } from './tokenManagementRoutes.js';
import { tokenRoutes } from './tokenRoutes.js';

/** OAuth 2: app registration, the token and authorize endpoints, and the user's token management. */
export function oauthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(
    appRoutes(deps),
    tokenRoutes(deps),
    authorizeRoutes(deps),
    mfaLoginRoutes(deps),
    tokenManagementRoutes(deps),
  );
  return router;
}
