import { Router } from 'express';
import {
  checkSettingsStore,
  readSettingsStore,
  replaceSettings,
  signUp,
} from '../../commands/accounts/index.js';
import { updateProfileWithImages } from '../../commands/media/profileImages.js';
import { issueToken } from '../../commands/oauth/index.js';
import { actorUrl, localNickname } from '../../domain/account/addresses.js';
import { forbidden, notFound } from '../../domain/shared/errors.js';
import {
  findAccountById,
  findAccountByIdOrNickname,
  findAccountByNickname,
} from '../../projections/accounts/queries.js';
import { findAppById } from '../../projections/oauth/queries.js';
import { storageOf } from '../../storage/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated, noAuth, publicOrAuthenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';
import { uploadBody } from '../media/uploads.js';
import { credentialImages, PROFILE_UPLOAD_LIMIT } from '../profileImages/routes.js';
import { embeddedRelationships, withRelationship } from '../relationships/present.js';
import { withRelationshipsSchema } from '../relationships/schemas.js';
import { CONFIRMATION_PENDING, presentAccount, renderIssuedToken } from './present.js';
import {
  idParamSchema,
  lookupSchema,
  profileChanges,
  registerSchema,
  registrationInput,
  updateCredentialsSchema,
} from './schemas.js';

/** Pleroma's AccountController.user_visibility_error text. */
const cantFindUser = () => notFound("Can't find user");

export function accountRoutes(deps: AppDeps): Router {
  const router = Router();
  const self = (accountId: string) =>
    findAccountById(deps.db, accountId).then((a) => a ?? Promise.reject(cantFindUser()));

  /** POST /api/v1/accounts — registration with an app token (Pleroma AccountController.create). */
  router.post('/api/v1/accounts', async (req, res) => {
    const appId = req.auth?.appId;
    if (!appId) throw forbidden('Invalid credentials');
    const params = validate(registerSchema, req);
    const app = await findAppById(deps.db, appId);
    if (!app) throw forbidden('Invalid credentials');
    const context = commandContext(req, deps);
    const account = await signUp(deps, registrationInput(params), params, context);
    if (!account.isConfirmed) {
      res.json(CONFIRMATION_PENDING);
      return;
    }
    const grant = {
      accountId: account.id,
      appId,
      scopes: app.scopes,
      context,
      grant: 'registration',
    } as const;
    res.json(renderIssuedToken(await issueToken(deps, grant), actorUrl(deps.config, account.nickname)));
  });

  /** GET /api/v1/accounts/verify_credentials — the caller's own Account with `source` and self fields. */
  router.get(
    '/api/v1/accounts/verify_credentials',
    authenticated({ scopes: ['read:accounts'] }),
    async (req, res) => {
      const accountId = req.auth!.accountId!;
      const settingsStore = await readSettingsStore(deps, accountId);
      res.json(await presentAccount(deps, await self(accountId), accountId, { settingsStore }));
    },
  );

  /** PATCH /api/v1/accounts/update_credentials — profile and preferences; answers the updated self view. */
  router.patch(
    '/api/v1/accounts/update_credentials',
    authenticated({ scopes: ['write:accounts'] }),
    ...uploadBody(PROFILE_UPLOAD_LIMIT), // avatar, header, pleroma_background_image
    async (req, res) => {
      const accountId = req.auth!.accountId!;
      const params = validate(updateCredentialsSchema, req);
      const store = params.pleroma_settings_store;
      if (store) checkSettingsStore(store); // refused before anything of the request is stored
      const context = commandContext(req, deps);
      const media = { ...deps, storage: storageOf(deps) };
      const images = credentialImages(req);
      const account = await updateProfileWithImages(
        media,
        accountId,
        profileChanges(params),
        images,
        context,
      );
      if (store) await replaceSettings(deps, accountId, store, context);
      const settingsStore = await readSettingsStore(deps, accountId);
      res.json(await presentAccount(deps, account, accountId, { settingsStore }));
    },
  );

  /** GET /api/v1/accounts/lookup?acct= — no authentication (Pleroma skips auth for lookup). */
  router.get('/api/v1/accounts/lookup', noAuth, async (req, res) => {
    const { acct } = validate(lookupSchema, req);
    const account = await findAccountByNickname(deps.db, localNickname(acct, deps.config.LOCAL_DOMAIN));
    if (!account) throw cantFindUser();
    res.json(await presentAccount(deps, account, null));
  });

  /**
   * GET /api/v1/accounts/:id — by id or nickname; read:accounts, falling back to anonymous. `with_relationships`
   * embeds the viewer's Relationship.
   */
  router.get(
    '/api/v1/accounts/:id',
    publicOrAuthenticated({ scopes: ['read:accounts'], fallbackToAnonymous: true }),
    async (req, res) => {
      const { id } = validate(idParamSchema, req);
      const account = await findAccountByIdOrNickname(deps.db, localNickname(id, deps.config.LOCAL_DOMAIN));
      if (!account?.isActive) throw cantFindUser(); // Pleroma's visible_for: deactivated users are hidden
      const viewerId = req.auth?.accountId ?? null;
      const { with_relationships: asked } = validate(withRelationshipsSchema, req);
      const [rendered, relationships] = await Promise.all([
        presentAccount(deps, account, viewerId),
        embeddedRelationships(deps, viewerId, [account.id], asked),
      ]);
      res.json(withRelationship(rendered, relationships.get(account.id)));
    },
  );

  return router;
}
