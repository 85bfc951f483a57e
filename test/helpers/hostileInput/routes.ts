import { lookupSchema, registerSchema, updateCredentialsSchema } from '../../../src/api/accounts/schemas.js';
import { addFileSchema, downloadSchema, renameFileSchema } from '../../../src/api/emojiPacks/schemas.js';
import { listSchema, notificationSettingsSchema } from '../../../src/api/notifications/schemas.js';
import { muteSchema } from '../../../src/api/relationships/schemas.js';
import { accountStatusesSchema, postStatusSchema } from '../../../src/api/statuses/schemas.js';
import { publicSchema } from '../../../src/api/timelines/schemas.js';
import { type Fixtures, OOB } from './fixtures.js';

export interface Spec {
  /** What the route reads from the query or the body, its path parameters aside. */
  fields: readonly string[];
  /** Plausible values for the fields not under attack (absent: '1'; undefined: left out). */
  base?: (f: Fixtures) => Record<string, unknown>;
  /** The route can lock its caller out, or bloats their profile: it gets a throwaway user. */
  own?: boolean;
}

const keys = (schema: { shape: object }) => Object.keys(schema.shape);
const none: Spec = { fields: [] };
const own = (fields: readonly string[], base?: Spec['base']): Spec => ({ fields, base, own: true });
const pagination: Spec = none;
const oauthClient = (f: Fixtures) => ({ client_id: f.clientId, client_secret: f.clientSecret });
/** A URL the outbound fetcher refuses at once (a private address), so nothing leaves the machine. */
const LOCAL_URL = 'http://127.0.0.1:9/pack.png';
let nextUsername = 0;

/** Every route the app serves ("METHOD /path", as Express names it) and the fields it reads. */
export const ROUTES: Record<string, Spec> = {
  // Instance
  'GET /api/v1/instance': none,
  'GET /api/v2/instance': none,
  'GET /.well-known/nodeinfo': none,
  'GET /nodeinfo/:version': none,
  'GET /api/v1/pleroma/healthcheck': none,
  'POST /api/v1/pleroma/remote_interaction': {
    fields: ['ap_id', 'profile'],
    // WebFinger at a private address: refused before connecting, so nothing leaves the machine.
    base: () => ({ ap_id: 'https://example.org/objects/1', profile: 'someone@127.0.0.1:9' }),
  },
  'GET /api/v1/pleroma/captcha': none,
  'GET /api/v1/pleroma/emoji': none,
  'GET /api/v1/custom_emojis': none,
  // Accounts
  'POST /api/v1/accounts': own(keys(registerSchema), () => ({
    username: `hostile_new${nextUsername++}`,
    password: 'a long password',
    agreement: 'true',
    email: `hostile_new${nextUsername}@example.org`,
    locale: 'en',
    captcha_solution: undefined,
    captcha_token: undefined,
    captcha_answer_data: undefined,
  })),
  'GET /api/v1/accounts/verify_credentials': none,
  'PATCH /api/v1/accounts/update_credentials': own(
    [...keys(updateCredentialsSchema), 'avatar', 'header', 'pleroma_background_image'],
    () => ({
      actor_type: 'Person',
      default_scope: 'public',
      source: { privacy: 'public' },
      fields_attributes: [{ name: 'a', value: 'b' }],
      pleroma_settings_store: { hostile: { a: 1 } },
      avatar: '',
      header: '',
      pleroma_background_image: '',
    }),
  ),
  'GET /api/v1/accounts/lookup': { fields: keys(lookupSchema), base: () => ({ acct: 'hostile_other' }) },
  'GET /api/v1/accounts/:id': none,
  'GET /api/pleroma/aliases': none,
  'PUT /api/pleroma/aliases': own(['alias']),
  'DELETE /api/pleroma/aliases': own(['alias']),
  'POST /api/pleroma/change_password': own(['password', 'new_password', 'new_password_confirmation']),
  'POST /api/pleroma/change_email': own(['email', 'password'], () => ({ email: 'x@example.org' })),
  'POST /api/pleroma/delete_account': own(['password']),
  'POST /api/pleroma/disable_account': own(['password']),
  'GET /api/account/confirm_email/:user_id/:token': none,
  'POST /api/v1/pleroma/accounts/confirmation_resend': { fields: ['email', 'nickname'] },
  'GET /api/v1/pleroma/settings/:app': none,
  'PATCH /api/v1/pleroma/settings/:app': own(['theme', 'nested']),
  'PATCH /api/v1/pleroma/accounts/update_avatar': own(['img']),
  'PATCH /api/v1/pleroma/accounts/update_banner': own(['banner']),
  'PATCH /api/v1/pleroma/accounts/update_background': own(['img']),
  'GET /api/v1/pleroma/mascot': none,
  'PUT /api/v1/pleroma/mascot': own(['file']),
  // MFA
  'GET /api/pleroma/accounts/mfa': none,
  'GET /api/pleroma/accounts/mfa/backup_codes': own([]),
  'GET /api/pleroma/accounts/mfa/setup/:method': own([]),
  'POST /api/pleroma/accounts/mfa/confirm/:method': own(['password', 'code']),
  'DELETE /api/pleroma/accounts/mfa/:method': own(['password']),
  // OAuth
  'POST /api/v1/apps': {
    fields: ['client_name', 'redirect_uris', 'scopes', 'website'],
    base: () => ({ redirect_uris: OOB, scopes: 'read write', website: 'https://example.org' }),
  },
  'GET /api/v1/apps/verify_credentials': none,
  'POST /oauth/token': {
    fields: [
      'grant_type',
      'client_id',
      'client_secret',
      'username',
      'password',
      'code',
      'redirect_uri',
      'scope',
    ],
    base: (f) => ({ ...oauthClient(f), grant_type: 'password', username: 'hostile_sweeper', scope: 'read' }),
  },
  'POST /oauth/revoke': { fields: ['token', 'client_id', 'client_secret'], base: oauthClient },
  'GET /oauth/authorize': {
    fields: ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'authorization'],
    base: (f) => ({ client_id: f.clientId, redirect_uri: OOB, response_type: 'code', scope: 'read' }),
  },
  'POST /oauth/authorize': {
    fields: ['client_id', 'redirect_uri', 'response_type', 'scope', 'username', 'password', 'authorization'],
    base: (f) => ({ client_id: f.clientId, redirect_uri: OOB, response_type: 'code', scope: 'read' }),
  },
  'POST /oauth/mfa/challenge': {
    fields: ['mfa_token', 'challenge_type', 'code', 'client_id', 'client_secret'],
    base: (f) => ({ ...oauthClient(f), challenge_type: 'totp' }),
  },
  'GET /oauth/mfa': { fields: ['mfa_token', 'challenge_type', 'redirect_uri', 'state', 'mfa'] },
  'POST /oauth/mfa/verify': { fields: ['mfa_token', 'challenge_type', 'code', 'redirect_uri', 'mfa'] },
  'GET /api/oauth_tokens': none,
  'GET /api/oauth_tokens.json': none,
  'DELETE /api/oauth_tokens/:id': own([]),
  // Statuses, timelines, favourites, reactions
  'POST /api/v1/statuses': {
    fields: keys(postStatusSchema),
    base: () => ({
      status: 'hostile',
      visibility: 'public',
      in_reply_to_id: undefined,
      in_reply_to_conversation_id: undefined,
      media_ids: undefined,
    }),
  },
  'GET /api/v1/statuses': { fields: ['id', 'ids'], base: (f) => ({ id: [f.statusId] }) },
  'GET /api/v1/statuses/:id': none,
  'DELETE /api/v1/statuses/:id': none,
  'GET /api/v1/statuses/:id/context': none,
  'GET /api/v1/accounts/:id/statuses': { fields: keys(accountStatusesSchema).filter((k) => k !== 'id') },
  'GET /api/v1/timelines/home': { fields: ['with_muted', 'exclude_visibilities'] },
  'GET /api/v1/timelines/public': { fields: keys(publicSchema) },
  'GET /api/v1/timelines/tag/:hashtag': { fields: ['with_muted', 'exclude_visibilities'] },
  'POST /api/v1/statuses/:id/favourite': none,
  'POST /api/v1/statuses/:id/unfavourite': none,
  'GET /api/v1/favourites': pagination,
  'POST /api/v1/statuses/:id/bookmark': none,
  'POST /api/v1/statuses/:id/unbookmark': none,
  'GET /api/v1/bookmarks': pagination,
  'POST /api/v1/statuses/:id/pin': none,
  'POST /api/v1/statuses/:id/unpin': none,
  'GET /api/v1/statuses/:id/favourited_by': none,
  'GET /api/v1/pleroma/accounts/:id/favourites': pagination,
  'PUT /api/v1/pleroma/statuses/:id/reactions/:emoji': none,
  'DELETE /api/v1/pleroma/statuses/:id/reactions/:emoji': none,
  'GET /api/v1/pleroma/statuses/:id/reactions': { fields: ['with_muted'] },
  'GET /api/v1/pleroma/statuses/:id/reactions/:emoji': { fields: ['with_muted'] },
  // Conversations
  'GET /api/v1/conversations': { fields: ['recipients'], base: (f) => ({ recipients: [f.otherId] }) },
  'POST /api/v1/conversations/:id/read': none,
  'DELETE /api/v1/conversations/:id': none,
  'POST /api/v1/pleroma/conversations/read': none,
  'GET /api/v1/pleroma/conversations/:id': none,
  'GET /api/v1/pleroma/conversations/:id/statuses': pagination,
  'PATCH /api/v1/pleroma/conversations/:id': {
    fields: ['recipients'],
    base: (f) => ({ recipients: [f.otherId] }),
  },
  // Media
  'POST /api/v1/media': { fields: ['file', 'description', 'focus'], base: () => ({ focus: '0,0' }) },
  'POST /api/v2/media': { fields: ['file', 'description', 'focus'], base: () => ({ focus: '0,0' }) },
  'GET /api/v1/media/:id': none,
  'PUT /api/v1/media/:id': { fields: ['description'] },
  'GET /media/*key': none,
  // Relationships, follow requests, imports, moves
  'POST /api/v1/accounts/:id/follow': { fields: ['reblogs', 'notify'] },
  'POST /api/v1/accounts/:id/unfollow': none,
  'POST /api/v1/accounts/:id/block': none,
  'POST /api/v1/accounts/:id/unblock': none,
  'POST /api/v1/accounts/:id/mute': { fields: keys(muteSchema).filter((k) => k !== 'id') },
  'POST /api/v1/accounts/:id/unmute': none,
  'POST /api/v1/pleroma/accounts/:id/subscribe': none,
  'POST /api/v1/pleroma/accounts/:id/unsubscribe': none,
  'GET /api/v1/accounts/relationships': { fields: ['id'], base: (f) => ({ id: [f.otherId] }) },
  'GET /api/v1/accounts/:id/followers': pagination,
  'GET /api/v1/accounts/:id/following': pagination,
  'POST /api/v1/accounts/:id/pin': none,
  'POST /api/v1/accounts/:id/endorse': none,
  'POST /api/v1/accounts/:id/unpin': none,
  'POST /api/v1/accounts/:id/unendorse': none,
  'GET /api/v1/endorsements': { fields: ['with_relationships'] },
  'GET /api/v1/accounts/:id/endorsements': { fields: ['with_relationships'] },
  'GET /api/v1/pleroma/accounts/:id/endorsements': { fields: ['with_relationships'] },
  'GET /api/v1/blocks': pagination,
  'GET /api/v1/mutes': pagination,
  'GET /api/v1/follow_requests': pagination,
  'POST /api/v1/follow_requests/:id/authorize': none,
  'POST /api/v1/follow_requests/:id/reject': none,
  'POST /api/pleroma/follow_import': own(['list'], () => ({ list: 'hostile_other' })),
  'POST /api/pleroma/blocks_import': own(['list'], () => ({ list: 'hostile_other' })),
  'POST /api/pleroma/mutes_import': own(['list'], () => ({ list: 'hostile_other' })),
  'POST /api/pleroma/move_account': own(['password', 'target_account'], () => ({
    target_account: 'hostile_other',
  })),
  // Emoji packs (the sweeper is an admin; the packs are this app's own copy)
  'GET /api/v1/pleroma/emoji/packs': { fields: ['page', 'page_size'] },
  'GET /api/v1/pleroma/emoji/pack': {
    fields: ['name', 'page', 'page_size'],
    base: () => ({ name: 'blobs' }),
  },
  'GET /api/v1/pleroma/emoji/packs/archive': { fields: ['name'] },
  'POST /api/v1/pleroma/emoji/pack': { fields: ['name'] },
  'PATCH /api/v1/pleroma/emoji/pack': { fields: ['name', 'metadata'], base: () => ({ metadata: {} }) },
  'DELETE /api/v1/pleroma/emoji/pack': { fields: ['name'] },
  'GET /api/v1/pleroma/emoji/packs/import': none,
  'GET /api/v1/pleroma/emoji/packs/remote': {
    fields: ['url', 'page', 'page_size'],
    base: () => ({ url: LOCAL_URL }),
  },
  'POST /api/v1/pleroma/emoji/packs/download': {
    fields: keys(downloadSchema),
    base: () => ({ url: LOCAL_URL }),
  },
  'POST /api/v1/pleroma/emoji/packs/files': {
    fields: keys(addFileSchema),
    base: () => ({ name: 'blobs', file: LOCAL_URL, shortcode: 'hostile', filename: 'hostile.png' }),
  },
  'PATCH /api/v1/pleroma/emoji/packs/files': {
    fields: keys(renameFileSchema),
    base: () => ({ name: 'blobs', shortcode: 'nothere', new_shortcode: 'hostile', new_filename: 'h.png' }),
  },
  'DELETE /api/v1/pleroma/emoji/packs/files': {
    fields: ['name', 'shortcode'],
    base: () => ({ name: 'blobs', shortcode: 'nothere' }),
  },
  // Notifications and markers
  'GET /api/v1/notifications': {
    fields: keys(listSchema),
    base: () => ({ types: ['mention'], exclude_types: ['follow'], include_types: ['mention'] }),
  },
  'GET /api/v1/notifications/:id': none,
  'POST /api/v1/notifications/clear': own([]),
  'POST /api/v1/notifications/dismiss': { fields: ['id'] },
  'DELETE /api/v1/notifications/destroy_multiple': { fields: ['ids'] },
  'POST /api/v1/notifications/:id/dismiss': none,
  'POST /api/v1/pleroma/notifications/read': { fields: ['id', 'max_id'] },
  'PUT /api/pleroma/notification_settings': own(keys(notificationSettingsSchema)),
  'GET /api/v1/markers': { fields: ['timeline'], base: () => ({ timeline: ['notifications'] }) },
  'POST /api/v1/markers': {
    fields: ['notifications', 'home'],
    base: () => ({ notifications: { last_read_id: '1' }, home: { last_read_id: '1' } }),
  },
  // Scrobbles and backups
  'POST /api/v1/pleroma/scrobble': {
    fields: ['title', 'album', 'artist', 'length', 'externalLink', 'visibility'],
    base: () => ({ visibility: 'public', externalLink: 'https://example.org/song' }),
  },
  'GET /api/v1/pleroma/accounts/:id/scrobbles': pagination,
  'POST /api/v1/pleroma/backups': own([]),
  'GET /api/v1/pleroma/backups': none,
};
