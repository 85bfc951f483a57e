import { type RequestHandler, Router } from 'express';
import { type AddEmojiInput, addEmoji, removeEmoji, renameEmoji } from '../../commands/emojiPacks/files.js';
import type { EmojiPacks } from '../../commands/emojiPacks/service.js';
import { emptyAddValues, emptyRemoveValues } from '../../domain/emojiPack/index.js';
import { remoteBytes } from '../../emoji/packs/remote.js';
import type { AppDeps } from '../deps.js';
import { commandContext } from '../http/commandContext.js';
import { validate } from '../http/validate.js';
import { missingField, uploadBody, uploadedFile } from '../media/uploads.js';
import { addFileSchema, removeFileSchema, renameFileSchema } from './schemas.js';

const FILES = '/api/v1/pleroma/emoji/packs/files';

/** The last segment of a URL's path: the file name Pleroma gives an emoji fetched from it. */
function urlBasename(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/**
 * §7.10 pack files. Bodies are parsed here, after the admin check and within the upload limit (a zip of many
 * emoji is larger than other bodies): these paths are upload routes (media/uploads.ts).
 */
export function packFileRoutes(deps: AppDeps, packs: EmojiPacks, manage: RequestHandler): Router {
  const router = Router();
  const body = uploadBody(deps.config.UPLOAD_LIMIT);

  /** POST …/files?name= — `file` uploaded, or a URL to fetch; a zip adds every new emoji in it. */
  router.post(FILES, manage, ...body, async (req, res) => {
    const params = validate(addFileSchema, req);
    if (params.name.trim() === '') throw emptyAddValues();
    const upload = uploadedFile(req, 'file');
    let input: AddEmojiInput;
    if (upload) input = { bytes: upload.buffer, originalName: upload.originalname };
    else if (params.file !== undefined) {
      const bytes = await remoteBytes(params.file, packs.remote, deps.config.UPLOAD_LIMIT);
      input = { bytes, originalName: urlBasename(params.file) };
    } else throw missingField('file');
    const added = { ...input, shortcode: params.shortcode, filename: params.filename };
    res.json(await addEmoji(packs, params.name, added, commandContext(req, deps)));
  });

  /** PATCH …/files?name= — renames or moves one emoji. */
  router.patch(FILES, manage, ...body, async (req, res) => {
    const params = validate(renameFileSchema, req);
    const input = {
      shortcode: params.shortcode,
      newShortcode: params.new_shortcode,
      newFilename: params.new_filename,
      force: params.force ?? false,
    };
    res.json(await renameEmoji(packs, params.name, input, commandContext(req, deps)));
  });

  /** DELETE …/files?name=&shortcode= — removes one emoji and its file. */
  router.delete(FILES, manage, ...body, async (req, res) => {
    const { name, shortcode } = validate(removeFileSchema, req);
    if (name.trim() === '') throw emptyRemoveValues();
    res.json(await removeEmoji(packs, name, shortcode, commandContext(req, deps)));
  });

  return router;
}
