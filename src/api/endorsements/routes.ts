import { Router } from 'express';
import { endorseAccount, unendorseAccount } from '../../commands/endorsements/index.js';
import { requireTarget } from '../../commands/relationships/index.js';
import { endorsedIds } from '../../projections/endorsements/queries.js';
import { presentAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import { authenticated, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';
import { embeddedRelationships, presentRelationship, withRelationship } from '../relationships/present.js';
import { idParam, withRelationshipsSchema } from '../relationships/schemas.js';

const writeAccounts = authenticated({ scopes: ['write:accounts'] });
const readAccounts = authenticated({ scopes: ['read:accounts'] });

/**
 * Endorsements (Mastodon's "featured" accounts, Pleroma's pinned accounts; §5.3): endorse and unendorse under
 * both of Pleroma's names, answering the Relationship, and the lists, which leave deactivated accounts out and
 * are not paginated (Pleroma's are not).
 */
export function endorsementRoutes(deps: AppDeps): Router {
  const router = Router();

  /** An endorsed accounts list for the reader, with their Relationships when `with_relationships`. */
  async function listOf(endorserId: string, viewerId: string | null, withRelationships: boolean) {
    const ids = await endorsedIds(deps.db, endorserId);
    const [accounts, relationships] = await Promise.all([
      presentAccounts(deps, ids, viewerId),
      embeddedRelationships(deps, viewerId, ids, withRelationships),
    ]);
    return ids.flatMap((id) => {
      const account = accounts.get(id);
      return account ? [withRelationship(account, relationships.get(id))] : [];
    });
  }

  for (const path of ['/api/v1/accounts/:id/pin', '/api/v1/accounts/:id/endorse']) {
    /** Endorses a followed account; 400 when following it not, or at MAX_ENDORSED_USERS. */
    router.post(path, writeAccounts, async (req, res) => {
      const endorserId = req.auth!.accountId!;
      const target = await requireTarget(deps.db, validate(idParam, req).id);
      await endorseAccount(deps, endorserId, target, commandContext(req, deps));
      res.json(await presentRelationship(deps, endorserId, target.id));
    });
  }

  for (const path of ['/api/v1/accounts/:id/unpin', '/api/v1/accounts/:id/unendorse']) {
    /** Ends an endorsement; one that was not there is no error. */
    router.post(path, writeAccounts, async (req, res) => {
      const endorserId = req.auth!.accountId!;
      const target = await requireTarget(deps.db, validate(idParam, req).id);
      await unendorseAccount(deps, endorserId, target.id, commandContext(req, deps));
      res.json(await presentRelationship(deps, endorserId, target.id));
    });
  }

  /** GET /api/v1/endorsements — the reader's own. */
  router.get('/api/v1/endorsements', readAccounts, async (req, res) => {
    const viewerId = req.auth!.accountId!;
    const { with_relationships } = validate(withRelationshipsSchema, req);
    res.json(await listOf(viewerId, viewerId, with_relationships));
  });

  /** GET /api/v1/accounts/:id/endorsements — an account's, for a signed-in reader (Pleroma's plug has no fallback). */
  router.get('/api/v1/accounts/:id/endorsements', readAccounts, async (req, res) => {
    const account = await requireTarget(deps.db, validate(idParam, req).id);
    const { with_relationships } = validate(withRelationshipsSchema, req);
    res.json(await listOf(account.id, req.auth!.accountId!, with_relationships));
  });

  /** §5.3 GET /api/v1/pleroma/accounts/:id/endorsements — public; unknown id 404. */
  router.get(
    '/api/v1/pleroma/accounts/:id/endorsements',
    publicOrAuthenticated({ scopes: ['read:accounts'], fallbackToAnonymous: true }),
    async (req, res) => {
      const account = await requireTarget(deps.db, validate(idParam, req).id);
      const viewerId = req.auth?.accountId ?? null;
      const { with_relationships } = validate(withRelationshipsSchema, req);
      res.json(await listOf(account.id, viewerId, with_relationships));
    },
  );

  return router;
}
