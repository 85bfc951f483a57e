import { Router } from 'express';
import { revokeToken } from '../../commands/oauth/index.js';
import { findTokenById, listAccountTokens } from '../../projections/oauth/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { renderAccountToken } from '../views/oauth.js';

/** §11: the user's own OAuth tokens (Pleroma's TwitterAPI oauth_tokens). */
export function tokenManagementRoutes(deps: AppDeps): Router {
  const router = Router();

  /** §11.1: every token of the user, the current one included; no scope check. */
  router.get(['/api/oauth_tokens', '/api/oauth_tokens.json'], authenticated(), async (req, res) => {
    const tokens = await listAccountTokens(deps.db, req.auth!.accountId!);
    res.json(tokens.map(renderAccountToken));
  });

  /** §11.2: revokes the token if it is the user's, silently nothing otherwise; 201 with an empty body. */
  router.delete('/api/oauth_tokens/:id', authenticated(), async (req, res) => {
    const token = await findTokenById(deps.db, String(req.params.id));
    if (token && token.accountId === req.auth!.accountId) {
      await revokeToken(deps, { tokenId: token.tokenId }, commandContext(req, deps));
    }
    res.status(201).type('json').send('');
  });

  return router;
}
