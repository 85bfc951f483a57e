import { Router } from 'express';
import { downloadPack } from '../../commands/emojiPacks/download.js';
import { createPack, deletePack, importPacks, updatePackMetadata } from '../../commands/emojiPacks/packs.js';
import { createEmojiPacks, type EmojiPacks } from '../../commands/emojiPacks/service.js';
import { listPacks, packArchive, showPack } from '../../emoji/packs/read.js';
import { checkShareable, remoteJson, remoteUrl } from '../../emoji/packs/remote.js';
import type { AppDeps } from '../deps.js';
import { admin, noAuth } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';
import { renderEmojiPack, renderEmojiPackList } from '../views/emojiPack.js';
import { packFileRoutes } from './files.js';
import { downloadSchema, nameSchema, pageParams, remoteSchema, updateSchema } from './schemas.js';

const BASE = '/api/v1/pleroma/emoji';

/** §7 emoji packs (Pleroma's EmojiPackController and EmojiFileController). */
export function emojiPackRoutes(deps: AppDeps): Router {
  const router = Router();
  const packs = createEmojiPacks(deps);
  const manage = admin(deps, { privilege: 'emoji_manage_emoji', scopes: ['admin:write'] });

  /** GET …/packs — §7.1, public even on a private instance. */
  router.get(`${BASE}/packs`, noAuth, async (req, res) => {
    const { page, pageSize } = pageParams(req, 50);
    const { views, count } = await listPacks(packs, page, pageSize);
    res.json(renderEmojiPackList(views, count));
  });

  /** GET …/pack?name= — §7.2: one pack, its files paged. */
  router.get(`${BASE}/pack`, noAuth, async (req, res) => {
    const { name } = validate(nameSchema, req);
    const { page, pageSize } = pageParams(req, 30);
    const { view, files } = await showPack(packs, name, page, pageSize);
    res.json(renderEmojiPack(view, files));
  });

  /** GET …/packs/archive?name= — §7.9: the pack's zip (shared packs only). */
  router.get(`${BASE}/packs/archive`, noAuth, async (req, res) => {
    const { name, archive } = await packArchive(packs, validate(nameSchema, req).name);
    res.attachment(`${name}.zip`).type('application/zip').send(archive.bytes);
  });

  /** POST …/pack?name= — §7.3. */
  router.post(`${BASE}/pack`, manage, async (req, res) => {
    await createPack(packs, validate(nameSchema, req).name, commandContext(req, deps));
    res.json('ok');
  });

  /** PATCH …/pack?name= — §7.4: answers the saved metadata. */
  router.patch(`${BASE}/pack`, manage, async (req, res) => {
    const { name, metadata } = validate(updateSchema, req);
    res.json(await updatePackMetadata(packs, name, metadata, commandContext(req, deps)));
  });

  /** DELETE …/pack?name= — §7.5. */
  router.delete(`${BASE}/pack`, manage, async (req, res) => {
    await deletePack(packs, validate(nameSchema, req).name, commandContext(req, deps));
    res.json('ok');
  });

  /** GET …/packs/import — §7.6: the names of the packs made from folders without pack.json. */
  router.get(`${BASE}/packs/import`, manage, async (req, res) => {
    res.json(await importPacks(packs, commandContext(req, deps)));
  });

  router.use(remoteRoutes(deps, packs, manage));
  router.use(packFileRoutes(deps, packs, manage));
  return router;
}

function remoteRoutes(deps: AppDeps, packs: EmojiPacks, manage: ReturnType<typeof admin>): Router {
  const router = Router();

  /** GET …/packs/remote?url= — §7.7: another instance's pack list, when it shares packs. */
  router.get(`${BASE}/packs/remote`, manage, async (req, res) => {
    const { url } = validate(remoteSchema, req);
    // Pleroma's remote_operation defaults page_size to 30, where the local list's is 50.
    const { page, pageSize } = pageParams(req, 30);
    await checkShareable(url, packs.remote);
    res.json(
      await remoteJson(
        remoteUrl(url, `/api/v1/pleroma/emoji/packs?page=${page}&page_size=${pageSize}`),
        packs.remote,
      ),
    );
  });

  /** POST …/packs/download — §7.8: copies a pack of another instance here. */
  router.post(`${BASE}/packs/download`, manage, async (req, res) => {
    await downloadPack(packs, validate(downloadSchema, req), commandContext(req, deps));
    res.json('ok');
  });

  return router;
}
