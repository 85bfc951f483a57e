import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { deleteStatus } from '../../src/commands/statuses/index.js';
import { favouritesProjector } from '../../src/projections/favourites/projector.js';
import { liveTables } from '../../src/projections/projector.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { favouriteRequests, ids } from '../helpers/favouritesApi.js';
import { lastPosition } from '../helpers/relationships.js';
import { bearer as auth } from '../helpers/statuses.js';
import { type StatusesApp, useStatusesApp } from '../helpers/statusesApi.js';

let { t, alice, bob, carol, reader: readOnly } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, carol, reader: readOnly } = made));

const { post, favourite, unfavourite } = favouriteRequests(() => t);

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
