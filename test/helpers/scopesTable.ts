/**
 * What Pleroma requires of every endpoint that exists (§0.2 pipelines, §0.3 scopes), in one table. A route
 * the app serves that is missing here fails the test: a new endpoint must say who may call it.
 *
 * - `user`: the authenticated_api pipeline — a user token is required; `scopes` (any one of them) checked.
 * - `public`: the api pipeline — anonymous is fine on a public instance; a token lacking `scopes` either
 *   falls back to anonymous (`fallback`) or is refused with the scope message.
 * - `none`: the pleroma_api pipeline or skipped auth — credentials are ignored.
 * - `special`: authenticates something else (client credentials, an app token) and is tested with it.
 */
export type Requirement =
  | { auth: 'user'; scopes: string[] }
  | { auth: 'public'; scopes: string[]; fallback: boolean }
  | { auth: 'none' }
  | { auth: 'special'; why: string };

const user = (...scopes: string[]): Requirement => ({ auth: 'user', scopes });
const publicRead = (scope: string): Requirement => ({ auth: 'public', scopes: [scope], fallback: true });
const none: Requirement = { auth: 'none' };
const clientAuth: Requirement = {
  auth: 'special',
  why: 'OAuth endpoints authenticate the client (oauth.*.api)',
};

const emojiAdmin: Requirement = {
  auth: 'special',
  why: 'admin with emoji_manage_emoji and admin:write (emojiPacks.packs.api)',
};

export const ENDPOINTS: Record<string, Requirement> = {
  // Instance (anyone)
  'GET /api/v1/instance': none,
  'GET /api/v2/instance': none,
  'GET /.well-known/nodeinfo': none,
  'GET /nodeinfo/:version': none,
  'GET /api/v1/pleroma/healthcheck': none,
  'POST /api/v1/pleroma/remote_interaction': none,
  'GET /api/v1/pleroma/captcha': none,
  'GET /api/v1/pleroma/emoji': none,
  'GET /api/v1/custom_emojis': { auth: 'public', scopes: [], fallback: false },
  // Accounts
  'POST /api/v1/accounts': {
    auth: 'special',
    why: 'registration needs an app token (accounts.registration.api)',
  },
  'GET /api/v1/accounts/verify_credentials': user('read:accounts'),
  'PATCH /api/v1/accounts/update_credentials': user('write:accounts'),
  'GET /api/v1/accounts/lookup': none,
  'GET /api/v1/accounts/:id': publicRead('read:accounts'),
  'GET /api/pleroma/aliases': user('read:accounts'),
  'PUT /api/pleroma/aliases': user('write:accounts'),
  'DELETE /api/pleroma/aliases': user('write:accounts'),
  'POST /api/pleroma/change_password': user('write:accounts'),
  'POST /api/pleroma/change_email': user('write:accounts'),
  'POST /api/pleroma/delete_account': user('write:accounts'),
  'POST /api/pleroma/disable_account': user('write:accounts'),
  'GET /api/account/confirm_email/:user_id/:token': none,
  'POST /api/v1/pleroma/accounts/confirmation_resend': none,
  'GET /api/v1/pleroma/settings/:app': user('read:accounts'),
  'PATCH /api/v1/pleroma/settings/:app': user('write:accounts'),
  'PATCH /api/v1/pleroma/accounts/update_avatar': user('write:accounts'),
  'PATCH /api/v1/pleroma/accounts/update_banner': user('write:accounts'),
  'PATCH /api/v1/pleroma/accounts/update_background': user('write:accounts'),
  'GET /api/v1/pleroma/mascot': user('read:accounts'),
  'PUT /api/v1/pleroma/mascot': user('write:accounts'),
  // MFA (§3)
  'GET /api/pleroma/accounts/mfa': user('read:security'),
  'GET /api/pleroma/accounts/mfa/backup_codes': user('write:security'),
  'GET /api/pleroma/accounts/mfa/setup/:method': user('write:security'),
  'POST /api/pleroma/accounts/mfa/confirm/:method': user('write:security'),
  'DELETE /api/pleroma/accounts/mfa/:method': user('write:security'),
  // OAuth and sessions (§11: no scope check)
  'POST /api/v1/apps': none,
  'GET /api/v1/apps/verify_credentials': { auth: 'public', scopes: ['read'], fallback: false },
  'POST /oauth/token': clientAuth,
  'POST /oauth/revoke': clientAuth,
  'GET /oauth/authorize': clientAuth,
  'POST /oauth/authorize': clientAuth,
  'POST /oauth/mfa/challenge': clientAuth,
  'GET /oauth/mfa': clientAuth,
  'POST /oauth/mfa/verify': clientAuth,
  'GET /api/oauth_tokens': user(),
  'GET /api/oauth_tokens.json': user(),
  'DELETE /api/oauth_tokens/:id': user(),
  // Statuses, timelines, favourites, reactions
  'POST /api/v1/statuses': user('write:statuses'),
  'GET /api/v1/statuses': publicRead('read:statuses'),
  'GET /api/v1/statuses/:id': publicRead('read:statuses'),
  'DELETE /api/v1/statuses/:id': user('write:statuses'),
  'GET /api/v1/statuses/:id/context': publicRead('read:statuses'),
  'GET /api/v1/accounts/:id/statuses': publicRead('read:statuses'),
  'GET /api/v1/timelines/home': user('read:statuses'),
  'GET /api/v1/timelines/public': publicRead('read:statuses'),
  'GET /api/v1/timelines/tag/:hashtag': publicRead('read:statuses'),
  'POST /api/v1/statuses/:id/favourite': user('write:favourites'),
  'POST /api/v1/statuses/:id/unfavourite': user('write:favourites'),
  'GET /api/v1/favourites': user('read:favourites'),
  'POST /api/v1/statuses/:id/bookmark': user('write:bookmarks'),
  'POST /api/v1/statuses/:id/unbookmark': user('write:bookmarks'),
  'GET /api/v1/bookmarks': user('read:bookmarks'),
  'POST /api/v1/statuses/:id/pin': user('write:accounts'),
  'POST /api/v1/statuses/:id/unpin': user('write:accounts'),
  'GET /api/v1/statuses/:id/favourited_by': publicRead('read:accounts'),
  'GET /api/v1/pleroma/accounts/:id/favourites': publicRead('read:favourites'),
  'PUT /api/v1/pleroma/statuses/:id/reactions/:emoji': user('write:statuses'),
  'DELETE /api/v1/pleroma/statuses/:id/reactions/:emoji': user('write:statuses'),
  'GET /api/v1/pleroma/statuses/:id/reactions': publicRead('read:statuses'),
  'GET /api/v1/pleroma/statuses/:id/reactions/:emoji': publicRead('read:statuses'),
  // Conversations (§6)
  'GET /api/v1/conversations': user('read:statuses'),
  'POST /api/v1/conversations/:id/read': user('write:conversations'),
  'DELETE /api/v1/conversations/:id': user('write:conversations'),
  'POST /api/v1/pleroma/conversations/read': user('write:conversations'),
  'GET /api/v1/pleroma/conversations/:id': user('read:statuses'),
  'GET /api/v1/pleroma/conversations/:id/statuses': user('read:statuses'),
  'PATCH /api/v1/pleroma/conversations/:id': user('write:conversations'),
  // Media
  'POST /api/v1/media': user('write:media'),
  'POST /api/v2/media': user('write:media'),
  'GET /api/v1/media/:id': user('read:media'),
  'PUT /api/v1/media/:id': user('write:media'),
  'GET /media/*key': none,
  // Relationships (§12.2, §5.1), follow requests, imports (§2), moves (§1.9)
  'POST /api/v1/accounts/:id/follow': user('follow', 'write:follows'),
  'POST /api/v1/accounts/:id/unfollow': user('follow', 'write:follows'),
  'POST /api/v1/accounts/:id/block': user('follow', 'write:blocks'),
  'POST /api/v1/accounts/:id/unblock': user('follow', 'write:blocks'),
  'POST /api/v1/accounts/:id/mute': user('follow', 'write:mutes'),
  'POST /api/v1/accounts/:id/unmute': user('follow', 'write:mutes'),
  'POST /api/v1/pleroma/accounts/:id/subscribe': user('follow', 'write:follows'),
  'POST /api/v1/pleroma/accounts/:id/unsubscribe': user('follow', 'write:follows'),
  'GET /api/v1/accounts/relationships': user('read:follows'),
  'GET /api/v1/accounts/:id/followers': publicRead('read:accounts'),
  'GET /api/v1/accounts/:id/following': publicRead('read:accounts'),
  'POST /api/v1/accounts/:id/pin': user('write:accounts'),
  'POST /api/v1/accounts/:id/endorse': user('write:accounts'),
  'POST /api/v1/accounts/:id/unpin': user('write:accounts'),
  'POST /api/v1/accounts/:id/unendorse': user('write:accounts'),
  'GET /api/v1/endorsements': user('read:accounts'),
  'GET /api/v1/accounts/:id/endorsements': user('read:accounts'),
  'GET /api/v1/pleroma/accounts/:id/endorsements': publicRead('read:accounts'),
  'GET /api/v1/blocks': user('follow', 'read:blocks'),
  'GET /api/v1/mutes': user('follow', 'read:mutes'),
  'GET /api/v1/follow_requests': user('follow', 'read:follows'),
  'POST /api/v1/follow_requests/:id/authorize': user('follow', 'write:follows'),
  'POST /api/v1/follow_requests/:id/reject': user('follow', 'write:follows'),
  'POST /api/pleroma/follow_import': user('follow', 'write:follows'),
  'POST /api/pleroma/blocks_import': user('follow', 'write:blocks'),
  'POST /api/pleroma/mutes_import': user('follow', 'write:mutes'),
  'POST /api/pleroma/move_account': user('write:accounts'),
  // Emoji packs (§7): reads are public; changes are admin endpoints, checked in emojiPacks.packs.api
  'GET /api/v1/pleroma/emoji/packs': none,
  'GET /api/v1/pleroma/emoji/pack': none,
  'GET /api/v1/pleroma/emoji/packs/archive': none,
  'POST /api/v1/pleroma/emoji/pack': emojiAdmin,
  'PATCH /api/v1/pleroma/emoji/pack': emojiAdmin,
  'DELETE /api/v1/pleroma/emoji/pack': emojiAdmin,
  'GET /api/v1/pleroma/emoji/packs/import': emojiAdmin,
  'GET /api/v1/pleroma/emoji/packs/remote': emojiAdmin,
  'POST /api/v1/pleroma/emoji/packs/download': emojiAdmin,
  'POST /api/v1/pleroma/emoji/packs/files': emojiAdmin,
  'PATCH /api/v1/pleroma/emoji/packs/files': emojiAdmin,
  'DELETE /api/v1/pleroma/emoji/packs/files': emojiAdmin,
  // Notifications (§4, §1.4) and markers
  'GET /api/v1/notifications': user('read:notifications'),
  'GET /api/v1/notifications/:id': user('read:notifications'),
  'POST /api/v1/notifications/clear': user('write:notifications'),
  'POST /api/v1/notifications/dismiss': user('write:notifications'),
  'DELETE /api/v1/notifications/destroy_multiple': user('write:notifications'),
  'POST /api/v1/notifications/:id/dismiss': user('write:notifications'),
  'POST /api/v1/pleroma/notifications/read': user('write:notifications'),
  'PUT /api/pleroma/notification_settings': user('write:accounts'),
  'GET /api/v1/markers': user('read:statuses'),
  'POST /api/v1/markers': user('write:statuses'),
  // Scrobbles (§8)
  'POST /api/v1/pleroma/scrobble': user('write', 'write:scrobbles'),
  'GET /api/v1/pleroma/accounts/:id/scrobbles': {
    auth: 'public',
    scopes: ['read', 'read:scrobbles'],
    fallback: true,
  },
  // §10: a read scope even to create one.
  'POST /api/v1/pleroma/backups': user('read:backups'),
  'GET /api/v1/pleroma/backups': user('read:backups'),
};

/** The table as rows: the route, its method and path, and what it requires. */
export const rows = Object.entries(ENDPOINTS).map(([route, requirement]) => {
  const [method, path] = route.split(' ') as [string, string];
  return { route, method, path, requirement };
});
