import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupSchema, registerSchema, updateCredentialsSchema } from '../../src/api/accounts/schemas.js';
import { addFileSchema, downloadSchema, renameFileSchema } from '../../src/api/emojiPacks/schemas.js';
import { listSchema, notificationSettingsSchema } from '../../src/api/notifications/schemas.js';
import { muteSchema } from '../../src/api/relationships/schemas.js';
import { accountStatusesSchema, postStatusSchema } from '../../src/api/statuses/schemas.js';
import { publicSchema } from '../../src/api/timelines/schemas.js';
import { grantAdmin } from '../../src/commands/accounts/index.js';
import { registerApp } from '../../src/commands/oauth/index.js';
import { png } from '../fixtures/media/images.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { upload } from '../helpers/media.js';
import { settled } from '../helpers/notifications.js';
import { listRoutes } from '../helpers/routes.js';
import { postAs } from '../helpers/statuses.js';

/**
 * "A 500 is always a bug" (practice 9): every route the app serves gets hostile input from a user holding
 * every scope (and admin), and must answer a 2xx or a Pleroma-shaped 4xx, as JSON. The cases are generated:
 * path parameters of every odd shape, query strings with objects and arrays where scalars belong, and bodies
 * (JSON, urlencoded, multipart) giving each field the route reads a wrong type, the others a plausible value.
 */

type Fixtures = {
  sweeperId: string;
  otherId: string;
  statusId: string;
  mediaId: string;
  mediaKey: string;
  conversationId: string;
  notificationId: string;
  clientId: string;
  clientSecret: string;
};

interface Spec {
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
const OOB = 'urn:ietf:wg:oauth:2.0:oob';
/** A URL the outbound fetcher refuses at once (a private address), so nothing leaves the machine. */
const LOCAL_URL = 'http://127.0.0.1:9/pack.png';
let nextUsername = 0;

const ROUTES: Record<string, Spec> = {
  // Instance
  'GET /api/v1/instance': none,
  'GET /api/v2/instance': none,
  'GET /.well-known/nodeinfo': none,
  'GET /nodeinfo/:version': none,
  'GET /api/v1/pleroma/healthcheck': none,
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

/** Routes whose pages are HTML (the browser's OAuth forms); their refusals may be either. */
const HTML = new Set([
  'GET /oauth/authorize',
  'POST /oauth/authorize',
  'GET /oauth/mfa',
  'POST /oauth/mfa/verify',
]);
/** Routes that answer files when they succeed. */
const FILES = new Set(['GET /media/*key', 'GET /api/v1/pleroma/emoji/packs/archive']);
/** Routes that redirect when they succeed. */
const REDIRECTS = new Set([...HTML, 'GET /api/account/confirm_email/:user_id/:token']);

/** Path segments, as they travel in the URL. */
const SEGMENTS = [
  'abc',
  '-1',
  '0',
  '99999999999999999999999999',
  '%00',
  'a'.repeat(300),
  encodeURIComponent('🦊'),
  '%E0%A4%A', // malformed percent-encoding
];
const QUERIES = [
  'limit[a]=1',
  'max_id[]=1&max_id[]=2',
  'limit=-5',
  'limit=1e400',
  'id[][]=x',
  'offset=1e400',
];
const HUGE = 'x'.repeat(100_000);
/** More distinct ids than PostgreSQL takes bind parameters in one query (65,535), within BODY_LIMIT. */
const MANY = Array.from({ length: 70_000 }, (_, i) => String(i));
/** Arrays nested 100,000 deep, as JSON text (JSON.stringify itself would run out of stack building it). */
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
/** What each attacked JSON field is given. */
const WRONG_TYPES: unknown[] = [
  { nested: { a: 1 } },
  [1, 'two', { three: 3 }],
  null,
  -1.5,
  1e308,
  true,
  HUGE,
  MANY,
  '99999999999999999999999999',
  'a\u0000b',
];

interface Case {
  input: string;
  path: string;
  query?: string;
  body?: { type: string; data: string };
}

/** Form encoding with brackets (qs's own notation), for queries and urlencoded bodies. */
function formEncode(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, item]) => {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (item === undefined) return [];
    if (Array.isArray(item)) return item.map((v) => `${name}[]=${encodeURIComponent(String(v))}`);
    if (item && typeof item === 'object') return formEncode(item as Record<string, unknown>, name);
    return [`${name}=${encodeURIComponent(String(item))}`];
  });
}

/** A multipart body of file parts: each named field gets `bytes` under `filename`. */
const fileParts = (fields: readonly string[], filename: string, bytes: string) =>
  `${fields
    .map(
      (field) =>
        `--HOSTILE\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
        `Content-Type: image/png\r\n\r\n${bytes}\r\n`,
    )
    .join('')}--HOSTILE--\r\n`;

/** A JSON text for a failure message: huge strings and long arrays shortened. */
const shown = (value: unknown) =>
  JSON.stringify(value, (_key, v) => {
    if (typeof v === 'string' && v.length > 80) return `${v.slice(0, 8)}…(${v.length} chars)`;
    return Array.isArray(v) && v.length > 20 ? `[${v.length} items]` : v;
  });

function defaultParam(path: string, name: string, f: Fixtures): string {
  const ids: [RegExp, string][] = [
    [/statuses\/:id/, f.statusId],
    [/accounts\/:id|follow_requests\/:id/, f.otherId],
    [/media\/:id/, f.mediaId],
    [/conversations\/:id/, f.conversationId],
    [/notifications\/:id/, f.notificationId],
  ];
  const byName: Record<string, string> = {
    version: '2.0',
    emoji: encodeURIComponent('👍'),
    method: 'totp',
    app: 'hostile_app',
    hashtag: 'tag',
    token: 'not-a-token',
    user_id: f.sweeperId,
    key: f.mediaKey,
  };
  if (name === 'id') return ids.find(([pattern]) => pattern.test(path))?.[1] ?? 'hostile';
  return byName[name] ?? 'hostile';
}

function casesOf(method: string, path: string, spec: Spec, f: Fixtures): Case[] {
  const params = [...path.matchAll(/[:*](\w+)/g)].map((m) => m[1]!);
  const withParams = (override: Record<string, string> = {}) =>
    path.replace(/[:*](\w+)/g, (_m, name: string) => override[name] ?? defaultParam(path, name, f));
  const plain = withParams();
  /** Every field but `attacked` at its plausible value (made afresh: a username must be new each time). */
  const others = (attacked: string): Record<string, unknown> => {
    const values = spec.base?.(f) ?? {};
    const plausible = spec.fields
      .filter((k) => k !== attacked)
      .map((k) => [k, k in values ? values[k] : '1']);
    return Object.fromEntries(plausible);
  };
  const cases: Case[] = [];
  for (const name of params) {
    for (const segment of SEGMENTS)
      cases.push({ input: `:${name} = ${segment.slice(0, 40)}`, path: withParams({ [name]: segment }) });
  }
  const fields = spec.fields.filter((field) => !params.includes(field));
  const json = (data: string) => ({ type: 'application/json', data });
  if (method === 'GET') {
    const all = formEncode(others(''));
    for (const query of QUERIES)
      cases.push({ input: `?${query}`, path: plain, query: [query, ...all].join('&') });
    for (const field of fields) {
      const rest = formEncode(others(field));
      for (const attack of [`${field}[a]=1`, `${field}[]=1&${field}[]=2`, `${field}[][]=x`, `${field}=%00`]) {
        cases.push({ input: `?${attack}`, path: plain, query: [attack, ...rest].join('&') });
      }
      // Only a body can carry this many; GET reads its body's parameters too.
      const body = { [field]: MANY, ...others(field) };
      cases.push({ input: `JSON ${shown(body)}`, path: plain, body: json(JSON.stringify(body)) });
    }
    return cases;
  }
  for (const query of QUERIES) cases.push({ input: `?${query}`, path: plain, query });
  const form = (data: string) => ({ type: 'application/x-www-form-urlencoded', data });
  const multipart = (data: string) => ({ type: 'multipart/form-data; boundary=HOSTILE', data });
  for (const field of fields) {
    for (const wrong of WRONG_TYPES) {
      const body = { [field]: wrong, ...others(field) };
      cases.push({ input: `JSON ${shown(body)}`, path: plain, body: json(JSON.stringify(body)) });
    }
    const deep = `{${JSON.stringify(field)}:${DEEP},${JSON.stringify(others(field)).slice(1)}`;
    cases.push({
      input: `JSON {"${field}": [[[…100,000 deep…]]]}`,
      path: plain,
      body: json(deep.replace(/,}$/, '}')),
    });
    const rest = formEncode(others(field));
    for (const attack of [`${field}[b][c]=1`, `${field}=1&${field}=2`]) {
      cases.push({ input: `form ${attack}`, path: plain, body: form([attack, ...rest].join('&')) });
    }
  }
  cases.push(
    { input: 'JSON {"a":', path: plain, body: json('{"a":') },
    { input: 'JSON []', path: plain, body: json('[]') },
    {
      input: 'JSON __proto__',
      path: plain,
      body: json('{"__proto__":{"x":1},"constructor":{"prototype":{"x":1}}}'),
    },
    { input: 'form a[b][c]=1', path: plain, body: form('a[b][c]=1') },
    { input: 'form __proto__[x]=1', path: plain, body: form('__proto__[x]=1&a[0]=1&a[99999]=2') },
    { input: 'empty multipart', path: plain, body: multipart('--HOSTILE--\r\n') },
    {
      input: 'multipart: a file that lies (not a PNG) in every field, named ../../x.png',
      path: plain,
      body: multipart(fileParts([...fields, 'file'], '../../x.png', 'not a png')),
    },
    {
      input: 'multipart: a file named a\\u0000.png',
      path: plain,
      body: multipart(fileParts(['file'], 'a\u0000.png', 'not a png')),
    },
    { input: 'zero-length multipart', path: plain, body: multipart('') },
  );
  return cases;
}

/** The auth pipelines' refusals: the sweep's tokens hold every scope, so one of these means a broken sweep. */
const AUTH_REFUSALS =
  /^(Invalid credentials\.|Insufficient permissions|User is not a staff member|User isn't privileged)/;

/** What is wrong with an answer, if anything. */
function verdict(route: string, status: number, type: string, text: string): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status >= 300 && status < 400) return REDIRECTS.has(route) ? undefined : `answered ${status}`;
  if (status < 200) return `answered ${status}`;
  if (status === 204) return text === '' ? undefined : 'a 204 with a body';
  if (HTML.has(route) && type.startsWith('text/html')) return undefined;
  if (FILES.has(route) && status < 300) return undefined;
  if (!type.includes('json')) return `not JSON (${type || 'no content type'})`;
  if (text === '') return status === 201 ? undefined : 'an empty JSON answer';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'invalid JSON';
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (status >= 400 && typeof error !== 'string') return 'a 4xx without {"error": "…"}';
  if (status === 403 && AUTH_REFUSALS.test(String(error)))
    return 'refused by authentication: the input never reached the route';
  return undefined;
}

const ALL_SCOPES = ['read', 'write', 'follow', 'push', 'admin'];
let t: TestApp;
let server: Server;
let fixtures: Fixtures;
let sweeperToken: string;
const ownTokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const [sweeper, other] = await Promise.all([
    userWithToken(t, 'hostile_sweeper', ALL_SCOPES),
    userWithToken(t, 'hostile_other', ALL_SCOPES),
  ]);
  await grantAdmin(t.deps, sweeper.account.id, testContext());
  sweeperToken = sweeper.token;
  const owners = Object.entries(ROUTES).filter(([, spec]) => spec.own);
  const users = await Promise.all(owners.map((_, i) => userWithToken(t, `hostile_own${i}`, ALL_SCOPES)));
  for (const [i, [route]] of owners.entries()) ownTokens.set(route, users[i]!.token);

  const statusId = await postAs(t, other, 'a status to attack');
  await postAs(t, other, '@hostile_sweeper a direct word', 'direct');
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  await request(server)
    .post(`/api/v1/accounts/${sweeper.account.id}/follow`)
    .set(as(other.token))
    .expect(200);
  const media = await upload(t, 'post', '/api/v1/media', sweeper.token, 'file', png(2, 2)).expect(200);
  await settled(t);
  const [conversations, notifications] = await Promise.all([
    request(server).get('/api/v1/conversations').set(as(sweeper.token)).expect(200),
    request(server).get('/api/v1/notifications').set(as(sweeper.token)).expect(200),
  ]);
  const app = await registerApp(
    t.deps,
    { name: 'hostile', website: null, redirectUris: [OOB], scopes: ['read', 'write'] },
    testContext(),
  );
  fixtures = {
    sweeperId: sweeper.account.id,
    otherId: other.account.id,
    statusId,
    mediaId: media.body.id,
    mediaKey: new URL(media.body.url).pathname.replace(/^\/media\//, ''),
    conversationId: conversations.body[0].id,
    notificationId: notifications.body[0].id,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
  };
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

/** The answer's status, content type and text, whatever it is (no parsing that could throw). */
async function send(method: string, token: string, c: Case) {
  const url = c.query ? `${c.path}?${c.query}` : c.path;
  let req = request(server)
    [method.toLowerCase() as 'get'](url)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });
  if (c.body) req = req.set('Content-Type', c.body.type).send(c.body.data);
  const res = await req;
  return { url, status: res.status, type: String(res.headers['content-type'] ?? ''), text: String(res.body) };
}

describe('the route table', () => {
  it('names every route the app serves, and only those', () => {
    const served = listRoutes(t.app).map(({ method, path }) => `${method} ${path}`);
    const missing = served.filter((route) => !(route in ROUTES));
    const stale = Object.keys(ROUTES).filter((route) => !served.includes(route));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

const rows = Object.entries(ROUTES).map(([route, spec]) => {
  const [method, path] = route.split(' ') as [string, string];
  return { route, method, path, spec };
});

describe.each(rows)('$route', ({ route, method, path, spec }) => {
  it('answers every hostile input with a 2xx or a Pleroma-shaped 4xx, never a 5xx', async () => {
    const token = ownTokens.get(route) ?? sweeperToken;
    const failures: string[] = [];
    for (const c of casesOf(method, path, spec, fixtures)) {
      const res = await send(method, token, c);
      const wrong = verdict(route, res.status, res.type, res.text);
      if (wrong)
        failures.push(
          `${method} ${res.url.slice(0, 120)} [${c.input.slice(0, 200)}] → ${wrong}: ${res.text.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
  });
});
