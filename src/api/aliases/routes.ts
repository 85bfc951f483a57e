import { Router } from 'express';
import { z } from 'zod';
import { addAlias, removeAlias } from '../../commands/accounts/index.js';
import { fullNickname } from '../../domain/account/addresses.js';
import { findAliasNicknames } from '../../projections/aliases/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';

/** Any string, empty too: Pleroma's schema sets no minimum, and a name no account has is its 200 not_found. */
const aliasSchema = z.object({ alias: z.string() });
const SUCCESS = { status: 'success' };

/** §1.10 aliases: only under /api/pleroma (no /api/v1/pleroma twin). */
export function aliasRoutes(deps: AppDeps): Router {
  const router = Router();

  /** GET /api/pleroma/aliases — the caller's aliases as full nicknames. */
  router.get('/api/pleroma/aliases', authenticated({ scopes: ['read:accounts'] }), async (req, res) => {
    const nicknames = await findAliasNicknames(deps.db, req.auth!.accountId!);
    res.json({ aliases: nicknames.map((nickname) => fullNickname(nickname, deps.config.LOCAL_DOMAIN)) });
  });

  /** PUT /api/pleroma/aliases — add an alias by nickname. */
  router.put('/api/pleroma/aliases', authenticated({ scopes: ['write:accounts'] }), async (req, res) => {
    const { alias } = validate(aliasSchema, req);
    await addAlias(deps, req.auth!.accountId!, alias, commandContext(req, deps));
    res.json(SUCCESS);
  });

  /** DELETE /api/pleroma/aliases — remove an alias by nickname. */
  router.delete('/api/pleroma/aliases', authenticated({ scopes: ['write:accounts'] }), async (req, res) => {
    const { alias } = validate(aliasSchema, req);
    await removeAlias(deps, req.auth!.accountId!, alias, commandContext(req, deps));
    res.json(SUCCESS);
  });

  return router;
}
