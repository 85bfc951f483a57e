import { attachmentType } from '../../media/types.js';
import type { Attachment } from '../entities/attachment.js';

/** What an Attachment is rendered from: an upload's row (MediaRecord) or a mascot. */
export interface AttachmentSource {
  id: string;
  url: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  description: string | null;
}

/**
 * §12.5, in Pleroma's key order: without a media proxy `remote_url`, `preview_url` and `text_url` are the URL
 * itself; `meta.original` for images whose size is known; no blurhash is computed. Pure.
 */
export function renderAttachment(media: AttachmentSource): Attachment {
  const attachment: Attachment = {
    id: media.id,
    url: media.url,
    remote_url: media.url,
    preview_url: media.url,
    text_url: media.url,
    type: attachmentType(media.mimeType),
    description: media.description,
    pleroma: { mime_type: media.mimeType },
    blurhash: null,
  };
  if (media.width !== null && media.height !== null && media.width > 0 && media.height > 0) {
    attachment.meta = {
      original: { width: media.width, height: media.height, aspect: media.width / media.height },
    };
  }
  return attachment;
}

/** §5.6: the mascot of an account that set none. Exactly Pleroma's, relative URLs and no `type` included. */
export const DEFAULT_MASCOT = Object.freeze({
  id: 'default-mascot',
  url: '/images/pleroma-fox-tan-smol.png',
  preview_url: '/images/pleroma-fox-tan-smol.png',
  pleroma: { mime_type: 'image/png' },
});
