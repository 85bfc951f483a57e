import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStatus } from '../../src/commands/statuses/index.js';
import type { Visibility } from '../../src/domain/status/events.js';
import { favouritesProjector } from '../../src/projections/favourites/projector.js';
import { liveTables } from '../../src/projections/projector.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { lastPosition } from '../helpers/relationships.js';
import { bearer, postAs } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
let carol: User;
let readOnly: User;

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob, carol, readOnly] = await Promise.all([
    userWithToken(t, 'alice'),
    userWithToken(t, 'bob'),
    userWithToken(t, 'carol'),
    userWithToken(t, 'reader', ['read']),
  ]);
});
afterAll(() => t.close());

const auth = bearer;
const post = (author: User, text: string, visibility: Visibility = 'public') =>
  postAs(t, author, text, visibility);
const favourite = (user: User, id: string) =>
  request(t.app).post(`/api/v1/statuses/${id}/favourite`).set(auth(user));
const unfavourite = (user: User, id: string) =>
  request(t.app).post(`/api/v1/statuses/${id}/unfavourite`).set(auth(user));
const ids = (body: { id: string }[]) => body.map((s) => s.id);

describe('favouriting a status', () => {
  it('answers the status as the projections show it, once however often it is favourited', async () => {
    const id = await post(bob, 'favourite me');
    const first = await favourite(alice, id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, favourited: true, favourites_count: 1 });
    await appendsNothing(t, async () => {
      const again = await favourite(alice, id);
      expect(again.body).toMatchObject({ favourited: true, favourites_count: 1 });
    });
    const other = await favourite(carol, id);
    expect(other.body).toMatchObject({ favourited: true, favourites_count: 2 });
    const shown = await request(t.app).get(`/api/v1/statuses/${id}`).set(auth(bob));
    expect(shown.body).toMatchObject({ favourited: false, favourites_count: 2 });
  });

  it('unfavourites, and a second unfavourite is "Could not unfavorite" with nothing appended', async () => {
    const id = await post(bob, 'fleeting');
    await favourite(alice, id);
    const res = await unfavourite(alice, id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, favourited: false, favourites_count: 0 });
    await appendsNothing(t, async () => {
      const again = await unfavourite(alice, id);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ error: 'Could not unfavorite' });
    });
    expect((await favourite(alice, id)).body).toMatchObject({ favourited: true, favourites_count: 1 });
  });

  it('answers 404 "Record not found" for unknown, malformed and invisible statuses, appending nothing', async () => {
    const secret = await post(bob, 'for carol only @carol', 'direct');
    await appendsNothing(t, async () => {
      for (const id of ['1', '99999999999999999', 'abc', '-1', '1e3', secret]) {
        for (const res of [await favourite(alice, id), await unfavourite(alice, id)]) {
          expect(res.status).toBe(404);
          expect(res.body).toEqual({ error: 'Record not found' });
        }
      }
    });
    expect((await favourite(carol, secret)).body).toMatchObject({ favourited: true });
  });

  it('requires a user token with write:favourites', async () => {
    const id = await post(bob, 'scoped');
    await appendsNothing(t, async () => {
      const anonymous = await request(t.app).post(`/api/v1/statuses/${id}/favourite`);
      expect(anonymous.status).toBe(403);
      expect(anonymous.body).toEqual({ error: 'Invalid credentials.' });
      const reader = await favourite(readOnly, id);
      expect(reader.status).toBe(403);
      expect(reader.body).toEqual({ error: 'Insufficient permissions: write:favourites.' });
    });
  });
});

describe('GET /api/v1/favourites', () => {
  let older: string;
  let newer: string;
  let third: string;

  beforeAll(async () => {
    older = await post(carol, 'older status');
    newer = await post(carol, 'newer status');
    third = await post(carol, 'third status');
    // Favourited in another order than posted: the list follows the favourites.
    for (const id of [newer, older, third]) await favourite(bob, id);
  });

  it('lists the caller’s favourites newest favourite first, with Link headers by favourite id', async () => {
    const res = await request(t.app).get('/api/v1/favourites').set(auth(bob));
    expect(res.status).toBe(200);
    expect(ids(res.body).slice(0, 3)).toEqual([third, older, newer]);
    expect(res.body[0]).toMatchObject({ favourited: true, account: { username: 'carol' } });
    const link = res.headers.link as string;
    expect(link).toMatch(
      /^<http:\/\/localhost:4000\/api\/v1\/favourites\?max_id=\d+>; rel="next", <http:\/\/localhost:4000\/api\/v1\/favourites\?min_id=\d+>; rel="prev"$/,
    );
  });

  it('pages with limit, max_id, since_id and min_id on favourite ids', async () => {
    const page1 = await request(t.app).get('/api/v1/favourites?limit=2').set(auth(bob));
    expect(ids(page1.body)).toEqual([third, older]);
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.link as string)![1]!;
    const page2 = await request(t.app)
      .get(new URL(next).pathname + new URL(next).search)
      .set(auth(bob));
    expect(ids(page2.body)[0]).toBe(newer);
    const maxId = /max_id=(\d+)/.exec(next)![1]!;
    const above = await request(t.app).get(`/api/v1/favourites?min_id=${maxId}`).set(auth(bob));
    expect(ids(above.body)).toEqual([third]);
    const since = await request(t.app).get(`/api/v1/favourites?since_id=${maxId}`).set(auth(bob));
    expect(ids(since.body)).toEqual([third]);
  });

  it('answers malformed pagination with a 400, never a 500', async () => {
    for (const query of ['max_id=abc', 'limit=-3', 'since_id=1.5', 'min_id[]=1']) {
      const res = await request(t.app).get(`/api/v1/favourites?${query}`).set(auth(bob));
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/ - Invalid (integer|id)\. Got: /);
    }
  });

  it('requires read:favourites', async () => {
    const writer = await userWithToken(t, 'writer', ['write']);
    const res = await request(t.app).get('/api/v1/favourites').set(auth(writer));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'Insufficient permissions: read:favourites.' });
    expect((await request(t.app).get('/api/v1/favourites')).status).toBe(403);
  });
});

describe('GET /api/v1/statuses/:id/favourited_by', () => {
  it('lists who favourited, most recent first, anonymously too', async () => {
    const id = await post(alice, 'popular');
    await favourite(bob, id);
    await favourite(carol, id);
    const res = await request(t.app).get(`/api/v1/statuses/${id}/favourited_by`);
    expect(res.status).toBe(200);
    expect(res.body.map((a: { username: string }) => a.username)).toEqual(['carol', 'bob']);
  });

  it('answers [] for an unknown status and 404 for one the reader may not see', async () => {
    expect((await request(t.app).get('/api/v1/statuses/123/favourited_by')).body).toEqual([]);
    expect((await request(t.app).get('/api/v1/statuses/nope/favourited_by')).body).toEqual([]);
    const secret = await post(alice, 'psst @bob', 'direct');
    await favourite(bob, secret);
    const res = await request(t.app).get(`/api/v1/statuses/${secret}/favourited_by`).set(auth(carol));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Record not found' });
    const allowed = await request(t.app).get(`/api/v1/statuses/${secret}/favourited_by`).set(auth(bob));
    expect(allowed.body.map((a: { username: string }) => a.username)).toEqual(['bob']);
  });
});

describe('GET /api/v1/pleroma/accounts/:id/favourites (§5.2)', () => {
  let liker: User;
  let publicId: string;
  let directToCarol: string;
  let laterPublic: string;

  beforeAll(async () => {
    liker = await userWithToken(t, 'liker');
    publicId = await post(alice, 'public one');
    directToCarol = await post(alice, 'hi @carol and @liker', 'direct');
    laterPublic = await post(alice, 'public two');
    // Favourited newest first: the list still pages by status id.
    for (const id of [laterPublic, directToCarol, publicId]) await favourite(liker, id);
  });

  const favourites = (id: string, user?: User, query = '') => {
    const req = request(t.app).get(`/api/v1/pleroma/accounts/${id}/favourites${query}`);
    return user ? req.set(auth(user)) : req;
  };

  it('is 403 "Can\'t get favorites" while hide_favorites is on, as it is by default', async () => {
    const res = await favourites(liker.account.id);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: "Can't get favorites" });
    expect((await favourites(liker.account.id, liker)).status).toBe(403);
  });

  it('lists what the reader may see, by status id, once pleroma_hide_favorites is off', async () => {
    const update = await request(t.app)
      .patch('/api/v1/accounts/update_credentials')
      .set(auth(liker))
      .send({ pleroma_hide_favorites: false });
    expect(update.status).toBe(200);
    expect(update.body.pleroma.hide_favorites).toBe(false);

    const anonymous = await favourites(liker.account.id);
    expect(anonymous.status).toBe(200);
    expect(ids(anonymous.body)).toEqual([laterPublic, publicId]);
    const recipient = await favourites(liker.account.id, carol);
    expect(ids(recipient.body)).toEqual([laterPublic, directToCarol, publicId]);
    const outsider = await favourites(liker.account.id, bob);
    expect(ids(outsider.body)).toEqual([laterPublic, publicId]);
    const byNickname = await favourites('liker', carol, `?max_id=${laterPublic}&limit=1`);
    expect(ids(byNickname.body)).toEqual([directToCarol]);
    expect(byNickname.headers.link).toContain(`max_id=${directToCarol}`);
  });

  it('answers 404 "Record not found" for an unknown account and 400 for malformed pagination', async () => {
    const res = await favourites('999999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Record not found' });
    const bad = await favourites(liker.account.id, undefined, '?since_id=x');
    expect(bad.status).toBe(400);
  });
});

describe('the favourites read model', () => {
  it('drops the favourites of a deleted status', async () => {
    const id = await post(carol, 'short-lived');
    await favourite(bob, id);
    await deleteStatus(t.deps, carol.account.id, id, testContext(carol.account.id));
    await t.engine.waitFor(['favourites'], await lastPosition(t));
    expect(await t.deps.db('favourites').where({ status_id: id })).toEqual([]);
    const list = await request(t.app).get('/api/v1/favourites').set(auth(bob));
    expect(ids(list.body)).not.toContain(id);
    expect((await favourite(bob, id)).status).toBe(404);
  });

  it('leaves the same rows when every event is applied again', async () => {
    const rows = () => t.deps.db('favourites').orderBy('favourite_id').select();
    const before = await rows();
    const events = await t.deps.eventStore.readAll({ eventTypes: favouritesProjector.handles });
    await t.deps.db.transaction(async (trx) => {
      for (const event of events) await favouritesProjector.apply(trx, event, liveTables);
    });
    expect(await rows()).toEqual(before);
    expect(before.length).toBeGreaterThan(5);
  });
});
