import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { listRoutes } from '../helpers/routes.js';

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
type Requirement =
  | { auth: 'user'; scopes: string[] }
  | { auth: 'public'; scopes: string[]; fallback: boolean }
  | { auth: 'none' }
  | { auth: 'special'; why: string };

const user = (...scopes: string[]): Requirement => ({ auth: 'user', scopes });
const publicRead = (scope: string): Requirement => ({ auth: 'public', scopes: [scope], fallback: true });
const none: Requirement = { auth: 'none' };
const clientAuth: Requirement = {
  auth: 'special',
  why: 'OAuth endpoints authenticate the client (oauth.api)',
};

const emojiAdmin: Requirement = {
  auth: 'special',
  why: 'admin with emoji_manage_emoji and admin:write (emojiPacks.api)',
};

const ENDPOINTS: Record<string, Requirement> = {
  // Instance (anyone)
  'GET /api/v1/instance': none,
  'GET /api/v2/instance': none,
  'GET /.well-known/nodeinfo': none,
  'GET /nodeinfo/:version': none,
  'GET /api/v1/pleroma/healthcheck': none,
  'GET /api/v1/pleroma/captcha': none,
  'GET /api/v1/pleroma/emoji': none,
  'GET /api/v1/custom_emojis': { auth: 'public', scopes: [], fallback: false },
  // Accounts
  'POST /api/v1/accounts': { auth: 'special', why: 'registration needs an app token (accounts.api)' },
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
  'GET /api/v1/blocks': user('follow', 'read:blocks'),
  'GET /api/v1/mutes': user('follow', 'read:mutes'),
  'GET /api/v1/follow_requests': user('follow', 'read:follows'),
  'POST /api/v1/follow_requests/:id/authorize': user('follow', 'write:follows'),
  'POST /api/v1/follow_requests/:id/reject': user('follow', 'write:follows'),
  'POST /api/pleroma/follow_import': user('follow', 'write:follows'),
  'POST /api/pleroma/blocks_import': user('follow', 'write:blocks'),
  'POST /api/pleroma/mutes_import': user('follow', 'write:mutes'),
  'POST /api/pleroma/move_account': user('write:accounts'),
  // Emoji packs (§7): reads are public; changes are admin endpoints, checked in emojiPacks.api
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
  'POST /api/v1/notifications/:id/dismiss': user('write:notifications'),
  'POST /api/v1/pleroma/notifications/read': user('write:notifications'),
  'PUT /api/pleroma/notification_settings': user('write:accounts'),
  'GET /api/v1/markers': user('read:statuses'),
  'POST /api/v1/markers': user('write:statuses'),
  // Scrobbles (§8)
  'POST /api/v1/pleroma/scrobble': user('write'),
  'GET /api/v1/pleroma/accounts/:id/scrobbles': publicRead('read'),
  // §10: a read scope even to create one.
  'POST /api/v1/pleroma/backups': user('read:backups'),
  'GET /api/v1/pleroma/backups': user('read:backups'),
};

const PARAMS: Record<string, string> = {
  version: '2.0',
  emoji: encodeURIComponent('👍'),
  method: 'nope',
  app: 'scopes_test',
  hashtag: 'tag',
  token: 'not-a-token',
};
const concretePath = (path: string) => path.replace(/[:*](\w+)/g, (_match, name) => PARAMS[name] ?? '1');

/** A scope from the other family: covers nothing the endpoint asks for. */
const lacking = (scopes: string[]) => (scopes.some((scope) => scope.startsWith('read')) ? 'write' : 'read');
const parentOf = (scope: string) => (scope.includes(':') ? scope.split(':')[0]! : undefined);

/** The refusals of the auth pipelines and the scope check (§0.2, §0.3), and nothing else. */
function authRefusal(res: request.Response): string | undefined {
  const error: unknown = res.body?.error;
  if (res.status !== 403 || typeof error !== 'string') return undefined;
  const ours =
    error === 'Invalid credentials.' ||
    error === 'This resource requires authentication.' ||
    error.startsWith('Insufficient permissions');
  return ours ? error : undefined;
}

let t: TestApp;
let accountId: string;
const tokens = new Map<string, string>();

async function tokenWith(scopes: string[]): Promise<string> {
  const key = scopes.join(' ');
  const known = tokens.get(key);
  if (known) return known;
  const context = testContext();
  const app = await registerApp(
    t.deps,
    { name: 'scopes', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes },
    context,
  );
  const token = await issueToken(t.deps, { accountId, appId: app.appId, scopes, context });
  tokens.set(key, token.accessToken);
  return token.accessToken;
}

function call(method: string, path: string, token?: string) {
  const req = request(t.app)[method.toLowerCase() as 'get'](concretePath(path));
  if (token) req.set('Authorization', `Bearer ${token}`);
  return ['POST', 'PUT', 'PATCH'].includes(method) ? req.send({}) : req;
}

beforeAll(async () => {
  t = await createTestApp();
  accountId = (await userWithToken(t, 'scopes_user')).account.id;
});
afterAll(() => t.close());

describe('the endpoint table', () => {
  it('names every route the app serves, and only those', () => {
    const served = listRoutes(t.app).map(({ method, path }) => `${method} ${path}`);
    const missing = served.filter((route) => !(route in ENDPOINTS));
    const stale = Object.keys(ENDPOINTS).filter((route) => !served.includes(route));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

const rows = Object.entries(ENDPOINTS).map(([route, requirement]) => {
  const [method, path] = route.split(' ') as [string, string];
  return { route, method, path, requirement };
});

describe.each(rows.filter((row) => row.requirement.auth === 'user'))(
  '$route (user token)',
  ({ method, path, requirement }) => {
    const scopes = (requirement as { scopes: string[] }).scopes;

    it('refuses a request without a token: 403 Invalid credentials.', async () => {
      const res = await call(method, path);
      expect([res.status, res.body]).toEqual([403, { error: 'Invalid credentials.' }]);
    });

    it.runIf(scopes.length > 0)('refuses a token lacking the scope with the scope message', async () => {
      const res = await call(method, path, await tokenWith([lacking(scopes)]));
      expect([res.status, res.body]).toEqual([
        403,
        { error: `Insufficient permissions: ${scopes.join(' | ')}.` },
      ]);
    });

    it.runIf(scopes.length === 0)('takes any user token: no scope check', async () => {
      const res = await call(method, path, await tokenWith(['follow']));
      expect(authRefusal(res)).toBeUndefined();
    });

    it.runIf(scopes.some((scope) => parentOf(scope)))('takes a token with the parent scope', async () => {
      const res = await call(method, path, await tokenWith([parentOf(scopes.find(parentOf)!)!]));
      expect(authRefusal(res)).toBeUndefined();
      expect(res.status).not.toBe(500);
    });

    it.runIf(scopes.length > 0)('takes a token with exactly the scope', async () => {
      const res = await call(method, path, await tokenWith([scopes[0]!]));
      expect(authRefusal(res)).toBeUndefined();
      expect(res.status).not.toBe(500);
    });

    it('refuses an app-only token: 403 Invalid credentials.', async () => {
      const app = await registerApp(
        t.deps,
        {
          name: 'app only',
          website: null,
          redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
          scopes: ['read', 'write', 'follow'],
        },
        testContext(),
      );
      const token = await issueToken(t.deps, {
        accountId: null,
        appId: app.appId,
        scopes: ['read', 'write', 'follow'],
        context: testContext(),
      });
      const res = await call(method, path, token.accessToken);
      expect([res.status, res.body]).toEqual([403, { error: 'Invalid credentials.' }]);
    });
  },
);

describe.each(rows.filter((row) => row.requirement.auth === 'public'))(
  '$route (public)',
  ({ method, path, requirement }) => {
    const { scopes, fallback } = requirement as { scopes: string[]; fallback: boolean };
    const scopeMessage = `Insufficient permissions: ${scopes.join(' | ')}.`;

    it(
      fallback || scopes.length === 0
        ? 'serves a request without a token'
        : 'refuses no token with the scope message',
      async () => {
        const res = await call(method, path);
        if (fallback || scopes.length === 0) expect(authRefusal(res)).toBeUndefined();
        else expect([res.status, res.body]).toEqual([403, { error: scopeMessage }]);
      },
    );

    it.runIf(scopes.length > 0)(
      fallback ? 'serves a token lacking the scope as anonymous' : 'refuses a token lacking the scope',
      async () => {
        const res = await call(method, path, await tokenWith([lacking(scopes)]));
        if (fallback) expect(authRefusal(res)).toBeUndefined();
        else expect([res.status, res.body]).toEqual([403, { error: scopeMessage }]);
      },
    );

    it.runIf(scopes.some((scope) => parentOf(scope)))('takes a token with the parent scope', async () => {
      const res = await call(method, path, await tokenWith([parentOf(scopes.find(parentOf)!)!]));
      expect(authRefusal(res)).toBeUndefined();
      expect(res.status).not.toBe(500);
    });

    it.runIf(scopes.length > 0)('takes a token with exactly the scope', async () => {
      const res = await call(method, path, await tokenWith([scopes[0]!]));
      expect(authRefusal(res)).toBeUndefined();
      expect(res.status).not.toBe(500);
    });
  },
);

describe.each(rows.filter((row) => row.requirement.auth === 'none'))(
  '$route (no auth)',
  ({ method, path }) => {
    it('ignores credentials: none, or a token with no useful scope, are served alike', async () => {
      for (const token of [undefined, await tokenWith(['follow'])]) {
        const res = await call(method, path, token);
        expect(authRefusal(res)).toBeUndefined();
        expect(res.status).not.toBe(500);
      }
    });
  },
);
