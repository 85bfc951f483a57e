import { Router } from 'express';
import { requestBackup } from '../../commands/backups/request.js';
import { listBackups } from '../../projections/backups/queries.js';
import { storageOf } from '../../storage/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { renderBackup } from '../views/backup.js';

/** §10: a read scope even for creating one (⚠ as Pleroma). */
const scopes = { scopes: ['read:backups'] };

/** Backups (§10): request one (the backups process builds it) and list them. */
export function backupRoutes(deps: AppDeps): Router {
  const router = Router();
  const storage = storageOf(deps);
  const list = async (accountId: string) =>
    (await listBackups(deps.db, accountId)).map((backup) => renderBackup(backup, storage.url));

  /** POST /api/v1/pleroma/backups — all the account's backups, newest (the new one) first; 400 within 7 days. */
  router.post('/api/v1/pleroma/backups', authenticated(scopes), async (req, res) => {
    const accountId = req.auth!.accountId!;
    await requestBackup(deps, accountId, commandContext(req, deps));
    res.json(await list(accountId));
  });

  /** GET /api/v1/pleroma/backups — the account's backups, newest first. */
  router.get('/api/v1/pleroma/backups', authenticated(scopes), async (req, res) => {
    res.json(await list(req.auth!.accountId!));
  });

  return router;
}
