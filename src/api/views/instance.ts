import type { Config } from '../../config.js';
import { MASTODON_API_LEVEL, PLEROMA_COMPATIBLE_VERSION } from '../../version.js';
import { FEATURES } from '../instance/features.js';
import { instanceLimits, POST_FORMATS } from '../instance/limits.js';
import type { InstanceStats } from '../instance/stats.js';

/** Pleroma's `"<mastodon api level> (compatible; Pleroma <version>)"`: how clients recognise a Pleroma. */
export const INSTANCE_VERSION = `${MASTODON_API_LEVEL} (compatible; Pleroma ${PLEROMA_COMPATIBLE_VERSION})`;

const streamingUrl = (config: Config) => config.PUBLIC_URL.replace(/^http/, 'ws');

/** Pleroma's InstanceView.federation/0 with federation off: Annals has no ActivityPub yet. */
export const federation = () => ({ enabled: false });

function pleromaMetadata(config: Config) {
  return {
    account_activation_required: config.ACCOUNT_ACTIVATION_REQUIRED,
    features: [...FEATURES],
    federation: federation(),
    fields_limits: instanceLimits(config).fields,
    post_formats: [...POST_FORMATS],
    birthday_required: false,
    birthday_min_age: 0,
    translation: { source_languages: null, target_languages: null },
    base_urls: {},
    markup: { allow_inline_images: true, allow_headings: false, allow_tables: false },
    // Not in Pleroma's view but read by Pleroma-FE and Soapbox (Akkoma and Rebased send it): all public.
    restrict_unauthenticated: {
      timelines: { local: false, federated: false },
      profiles: { local: false, remote: false },
      activities: { local: false, remote: false },
    },
  };
}

/** Mastodon's `configuration` block as Pleroma fills it. */
function configuration(config: Config) {
  const limits = instanceLimits(config);
  return {
    accounts: { max_featured_tags: 0 },
    statuses: { max_characters: limits.characters, max_media_attachments: limits.maxMediaAttachments },
    media_attachments: {
      image_size_limit: limits.upload,
      video_size_limit: limits.upload,
      supported_mime_types: ['application/octet-stream'],
    },
    polls: {
      max_options: limits.polls.max_options,
      max_characters_per_option: limits.polls.max_option_chars,
      min_expiration: limits.polls.min_expiration,
      max_expiration: limits.polls.max_expiration,
    },
  };
}

/** GET /api/v1/instance — Pleroma's InstanceView "show.json". */
export function renderInstanceV1(config: Config, stats: InstanceStats) {
  const limits = instanceLimits(config);
  return {
    uri: config.LOCAL_DOMAIN,
    title: config.INSTANCE_NAME,
    short_description: '',
    description: config.INSTANCE_DESCRIPTION,
    email: config.ADMIN_EMAIL,
    version: INSTANCE_VERSION,
    languages: ['en'],
    rules: [],
    urls: { streaming_api: streamingUrl(config) },
    stats: {
      user_count: stats.userCount,
      status_count: stats.statusCount,
      domain_count: stats.domainCount,
    },
    thumbnail: `${config.PUBLIC_URL}/instance/thumbnail.jpeg`,
    registrations: config.REGISTRATIONS_OPEN,
    approval_required: false,
    invites_enabled: false,
    contact_account: null,
    configuration: configuration(config),
    max_toot_chars: limits.characters,
    max_media_attachments: limits.maxMediaAttachments,
    poll_limits: { ...limits.polls },
    upload_limit: limits.upload,
    avatar_upload_limit: limits.avatarUpload,
    background_upload_limit: limits.backgroundUpload,
    banner_upload_limit: limits.bannerUpload,
    background_image: `${config.PUBLIC_URL}/images/city.jpg`,
    shout_limit: limits.shout,
    description_limit: limits.description,
    chat_limit: limits.chat,
    pleroma: {
      metadata: pleromaMetadata(config),
      stats: { mau: stats.activeMonth },
      vapid_public_key: null,
    },
  };
}

/** GET /api/v2/instance — Pleroma's InstanceView "show2.json". */
export function renderInstanceV2(config: Config, stats: InstanceStats) {
  const limits = instanceLimits(config);
  const base = configuration(config);
  return {
    domain: config.LOCAL_DOMAIN,
    title: config.INSTANCE_NAME,
    version: INSTANCE_VERSION,
    source_url: null,
    description: config.INSTANCE_DESCRIPTION,
    usage: { users: { active_month: stats.activeMonth } },
    thumbnail: { url: `${config.PUBLIC_URL}/instance/thumbnail.jpeg` },
    languages: ['en'],
    rules: [],
    configuration: {
      ...base,
      accounts: { ...base.accounts, max_pinned_statuses: 1 },
      statuses: { ...base.statuses, characters_reserved_per_url: 0 },
      urls: { streaming: streamingUrl(config), status: null },
      vapid: { public_key: null },
      translation: { enabled: false },
    },
    registrations: { enabled: config.REGISTRATIONS_OPEN, approval_required: false, message: null, url: null },
    contact: { email: config.ADMIN_EMAIL, account: null },
    pleroma: {
      metadata: {
        ...pleromaMetadata(config),
        avatar_upload_limit: limits.avatarUpload,
        background_upload_limit: limits.backgroundUpload,
        banner_upload_limit: limits.bannerUpload,
        background_image: `${config.PUBLIC_URL}/images/city.jpg`,
        chat_limit: limits.chat,
        description_limit: limits.description,
        shout_limit: limits.shout,
      },
      stats: { mau: stats.activeMonth },
      vapid_public_key: null,
    },
  };
}
