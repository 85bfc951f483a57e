import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { changesNothing, tokenFor } from '../helpers/media.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
});
afterAll(() => t.close());

const scrobble = (body: Record<string, unknown>, token = alice.token, path = '/api/v1/pleroma/scrobble') =>
  request(t.app).post(path).set('Authorization', `Bearer ${token}`).send(body);
const list = (id: string, token?: string, query = '') => {
  const req = request(t.app).get(`/api/v1/pleroma/accounts/${id}/scrobbles${query}`);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const titles = (body: { title: string }[]) => body.map((s) => s.title);

describe('POST /api/v1/pleroma/scrobble (§8.1)', () => {
  it('records a listen from a multipart form and answers the scrobble entity', async () => {
    const res = await request(t.app)
      .post('/api/v1/pleroma/scrobble')
      .set('Authorization', `Bearer ${alice.token}`)
      .field('title', 'lain radio episode 1')
      .field('artist', 'lain')
      .field('album', 'lain radio')
      .field('length', '180000')
      .field('externalLink', 'https://www.last.fm/music/lain/lain+radio/lain+radio+episode+1');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body)).toEqual([
      'id',
      'account',
      'title',
      'artist',
      'album',
      'externalLink',
      'length',
      'created_at',
    ]);
    expect(res.body).toMatchObject({
      title: 'lain radio episode 1',
      artist: 'lain',
      album: 'lain radio',
      externalLink: 'https://www.last.fm/music/lain/lain+radio/lain+radio+episode+1',
      length: 180000,
      account: { id: alice.account.id, username: 'alice' },
    });
    expect(res.body.id).toMatch(/^\d+$/);
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('takes JSON, strips tags from the text and renders absent fields as Pleroma does', async () => {
    const res = await scrobble({ title: '<b>Bold</b> song', album: null, visibility: 'unlisted' });
    expect(res.body).toMatchObject({
      title: 'Bold song',
      artist: '',
      album: '',
      externalLink: null,
      length: null,
    });
  });

  it('refuses bad input with a 400 and records nothing', async () => {
    await changesNothing(t, async () => {
      const cases: [Record<string, unknown>, string | RegExp][] = [
        [{ artist: 'nobody' }, 'Missing field: title.'],
        [{ title: 'x', length: 'long' }, /^length - /],
        [{ title: 'x', visibility: 'everyone' }, /^visibility - /],
        [{ title: 'x', externalLink: 'javascript:alert(1)' }, 'externalLink must be an http or https URL'],
        [{ title: ' ' }, "title can't be blank"],
      ];
      for (const [body, error] of cases) {
        const res = await scrobble(body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error).toMatch(error);
      }
    });
  });

  it('takes the link as external_link too (Pleroma’s own name; externalLink is its deprecated alias)', async () => {
    const res = await scrobble({ title: 'linked', external_link: 'https://example.org/track' }, bob.token);
    expect(res.status).toBe(200);
    expect(res.body.externalLink).toBe('https://example.org/track');
  });

  it('needs a user token with write or write:scrobbles, and exists under /api/pleroma too', async () => {
    const readOnly = await tokenFor(t, alice.account.id, ['read']);
    await changesNothing(t, async () => {
      const res = await scrobble({ title: 'x' }, readOnly);
      const refused = { error: 'Insufficient permissions: write | write:scrobbles.' };
      expect([res.status, res.body]).toEqual([403, refused]);
      const anonymous = await request(t.app).post('/api/v1/pleroma/scrobble').send({ title: 'x' });
      expect(anonymous.body).toEqual({ error: 'Invalid credentials.' });
    });
    expect((await scrobble({ title: 'legacy path' }, bob.token, '/api/pleroma/scrobble')).status).toBe(200);
    const fineGrained = await tokenFor(t, bob.account.id, ['write:scrobbles']);
    expect((await scrobble({ title: 'fine-grained' }, fineGrained)).status).toBe(200);
  });
});

describe('GET /api/v1/pleroma/accounts/:id/scrobbles (§8.2)', () => {
  beforeAll(async () => {
    for (const [title, visibility] of [
      ['private one', 'private'],
      ['direct one', 'direct'],
      ['public two', 'public'],
    ]) {
      expect((await scrobble({ title, visibility })).status).toBe(200);
    }
  });

  it('lists an account’s listens newest first, by id or nickname', async () => {
    const byId = await list(alice.account.id, alice.token);
    expect(byId.status).toBe(200);
    expect(titles(byId.body)).toEqual([
      'public two',
      'direct one',
      'private one',
      'Bold song',
      'lain radio episode 1',
    ]);
    expect((await list('alice', alice.token)).body).toEqual(byId.body);
    expect((await list('alice@localhost:4000', alice.token)).body).toEqual(byId.body);
  });

  it('shows others and anonymous readers only the public and unlisted listens', async () => {
    const expected = ['public two', 'Bold song', 'lain radio episode 1'];
    expect(titles((await list('alice', bob.token)).body)).toEqual(expected);
    expect(titles((await list('alice')).body)).toEqual(expected);
  });

  it('shows the owner everything with a read:scrobbles token', async () => {
    const fineGrained = await tokenFor(t, alice.account.id, ['read:scrobbles']);
    expect((await list('alice', fineGrained)).body).toEqual((await list('alice', alice.token)).body);
  });

  it('reads on as anonymous when the token lacks read', async () => {
    const writeOnly = await tokenFor(t, alice.account.id, ['write']);
    expect(titles((await list('alice', writeOnly)).body)).toEqual([
      'public two',
      'Bold song',
      'lain radio episode 1',
    ]);
  });

  it('pages with limit, max_id and min_id, and Link headers', async () => {
    const first = await list('alice', alice.token, '?limit=2');
    expect(titles(first.body)).toEqual(['public two', 'direct one']);
    const last = first.body[1].id;
    expect(first.headers.link).toBe(
      `<http://localhost:4000/api/v1/pleroma/accounts/alice/scrobbles?limit=2&max_id=${last}>; rel="next", ` +
        `<http://localhost:4000/api/v1/pleroma/accounts/alice/scrobbles?limit=2&min_id=${first.body[0].id}>; rel="prev"`,
    );
    const next = await list('alice', alice.token, `?limit=2&max_id=${last}`);
    expect(titles(next.body)).toEqual(['private one', 'Bold song']);
    const previous = await list('alice', alice.token, `?limit=2&min_id=${next.body[0].id}`);
    expect(titles(previous.body)).toEqual(['public two', 'direct one']);
    expect((await list('alice', alice.token, '?max_id=1')).headers.link).toBeUndefined();
  });

  it('answers 404 for an unknown account and 400 for a malformed cursor', async () => {
    const unknown = await list('nobody');
    expect([unknown.status, unknown.body]).toEqual([404, { error: 'Record not found' }]);
    expect((await list('alice', undefined, '?max_id=abc')).status).toBe(400);
  });
});
