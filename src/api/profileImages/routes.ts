import { type Request, Router } from 'express';
import { changeProfileImage, type ProfileImageInput } from '../../commands/media/profileImages.js';
import { type ProfileImageKind, profileImageLimits } from '../../domain/account/images.js';
import { badRequest } from '../../domain/shared/errors.js';
import { decodeImageDataUri } from '../../media/dataUri.js';
import { storageOf } from '../../storage/index.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { requestInput } from '../http/validate.js';
import { missingField, uploadBody, uploadedFile } from '../media/uploads.js';

/** The largest picture any of these routes takes; each kind's own limit is checked after parsing. */
export const PROFILE_UPLOAD_LIMIT = Math.max(...Object.values(profileImageLimits));

/**
 * A picture parameter of the historical routes: an uploaded file, a `data:image/…;base64,` URI, or "" to
 * clear (null). Anything else is a 400.
 */
export function legacyImageParam(req: Request, field: string): Buffer | null {
  const file = uploadedFile(req, field);
  if (file) return file.buffer;
  const value = requestInput(req)[field];
  if (value === undefined) throw missingField(field);
  if (value === '') return null;
  const bytes = typeof value === 'string' ? decodeImageDataUri(value) : undefined;
  if (!bytes) throw badRequest(`${field} must be an image file or a data:image URI`);
  return bytes;
}

/** update_credentials' picture parameters (Pleroma's names). */
const CREDENTIAL_FIELDS: [ProfileImageKind, string][] = [
  ['avatar', 'avatar'],
  ['header', 'header'],
  ['background', 'pleroma_background_image'],
];

/**
 * The pictures of an update_credentials request: a file sets one, "" clears it; any other value is ignored,
 * as Pleroma ignores a picture parameter that is no upload.
 */
export function credentialImages(req: Request): ProfileImageInput {
  const input = requestInput(req);
  const images: ProfileImageInput = {};
  for (const [kind, field] of CREDENTIAL_FIELDS) {
    const file = uploadedFile(req, field);
    if (file) images[kind] = file.buffer;
    else if (input[field] === '') images[kind] = null;
  }
  return images;
}

const LEGACY: { path: string; kind: ProfileImageKind; field: string }[] = [
  { path: 'update_avatar', kind: 'avatar', field: 'img' },
  { path: 'update_banner', kind: 'header', field: 'banner' },
  { path: 'update_background', kind: 'background', field: 'img' },
];

/**
 * §5.4: PATCH /api/v1/pleroma/accounts/update_avatar | update_banner | update_background, removed from
 * Pleroma in 2020 and kept here with their historical contract: 200 `{"url": <href>}`, or `{"url": null}`
 * when cleared.
 */
export function profileImageRoutes(deps: AppDeps): Router {
  const router = Router();
  const media = { ...deps, storage: storageOf(deps) };
  for (const { path, kind, field } of LEGACY) {
    router.patch(
      `/api/v1/pleroma/accounts/${path}`,
      authenticated({ scopes: ['write:accounts'] }),
      ...uploadBody(PROFILE_UPLOAD_LIMIT),
      async (req, res) => {
        const bytes = legacyImageParam(req, field);
        const context = commandContext(req, deps);
        const account = await changeProfileImage(media, req.auth!.accountId!, kind, bytes, context);
        res.json({ url: account[kind]?.url ?? null });
      },
    );
  }
  return router;
}
