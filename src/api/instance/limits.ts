import type { Config } from '../../config.js';
import { profileImageLimits } from '../../domain/account/images.js';
import { MAX_MEDIA_ATTACHMENTS } from '../../domain/status/decide.js';

/**
 * The instance's limits as clients see them in /api/v1/instance and nodeinfo. Pleroma's defaults
 * (config.exs `:instance`) except the status length, which is CHARACTER_LIMIT. Anything that enforces one
 * of these (status, poll and upload validation) reads it from here, so what we announce is what we check.
 */
export function instanceLimits(config: Config) {
  return {
    characters: config.CHARACTER_LIMIT,
    maxMediaAttachments: MAX_MEDIA_ATTACHMENTS,
    polls: { max_options: 20, max_option_chars: 200, min_expiration: 0, max_expiration: 365 * 24 * 60 * 60 },
    upload: config.UPLOAD_LIMIT,
    avatarUpload: profileImageLimits.avatar,
    backgroundUpload: profileImageLimits.background,
    bannerUpload: profileImageLimits.header,
    description: 5000,
    chat: 5000,
    shout: 5000,
    fields: { max_fields: 10, max_remote_fields: 20, name_length: 512, value_length: 2048 },
  } as const;
}

export type InstanceLimits = ReturnType<typeof instanceLimits>;

/**
 * Content types a status may be posted in (Pleroma's `allowed_post_formats`): plain text only, since that is
 * the only one rendered. Pleroma renders any other `content_type` as plain text too; announcing markdown, HTML
 * or BBCode made Pleroma-FE offer them and post text that showed its markup.
 */
export const POST_FORMATS = ['text/plain'] as const;
