import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { favouriteRequests, ids } from '../helpers/favouritesApi.js';
import { bearer as auth } from '../helpers/statuses.js';
import { type StatusesApp, type User, useStatusesApp } from '../helpers/statusesApi.js';

let { t, alice, bob, carol } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, carol } = made));

const { post, favourite } = favouriteRequests(() => t);

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

  it("leaves out statuses by accounts the reader blocks (the reader's blocks are respected)", async () => {
    const block = (action: string) =>
      request(t.app).post(`/api/v1/accounts/${alice.account.id}/${action}`).set(auth(bob)).expect(200);
    await block('block');
    const blocking = await favourites(liker.account.id, bob);
    await block('unblock');
    expect([blocking.status, ids(blocking.body)]).toEqual([200, []]);
    expect(ids((await favourites(liker.account.id, bob)).body)).toEqual([laterPublic, publicId]);
  });

  it('answers 404 "Record not found" for an unknown account and 400 for malformed pagination', async () => {
    const res = await favourites('999999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Record not found' });
    const bad = await favourites(liker.account.id, undefined, '?since_id=x');
    expect(bad.status).toBe(400);
  });
});
