import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import * as images from '../fixtures/media/images.js';
import { changesNothing, tokenFor, uploadedFiles } from '../helpers/media.js';
import { type MediaApp, useMediaApp } from '../helpers/mediaApi.js';

let { t, alice, bob, post } = {} as MediaApp;
useMediaApp((made) => ({ t, alice, bob, post } = made));

describe('GET and PUT /api/v1/media/:id', () => {
  let id: string;
  beforeAll(async () => {
    id = (await post(images.png(4, 4), { fields: { description: 'first' } })).body.id;
  });
  const get = (mediaId: string, token = alice.token) =>
    request(t.app).get(`/api/v1/media/${mediaId}`).set('Authorization', `Bearer ${token}`);
  const put = (mediaId: string, body: object, token = alice.token) =>
    request(t.app).put(`/api/v1/media/${mediaId}`).set('Authorization', `Bearer ${token}`).send(body);

  it('shows the owner’s upload', async () => {
    const res = await get(id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, description: 'first', type: 'image' });
  });

  it('changes the description, from JSON or a form', async () => {
    expect((await put(id, { description: 'second' })).body.description).toBe('second');
    const form = await request(t.app)
      .put(`/api/v1/media/${id}`)
      .set('Authorization', `Bearer ${alice.token}`)
      .type('form')
      .send('description=third');
    expect(form.body.description).toBe('third');
    expect((await get(id)).body.description).toBe('third');
  });

  it('answers the upload unchanged when no description is given', async () => {
    await changesNothing(t, async () =>
      expect((await put(id, {})).body).toMatchObject({ id, description: 'third' }),
    );
  });

  it('denies other accounts with 403 and answers unknown ids with 404', async () => {
    await changesNothing(t, async () => {
      expect([(await get(id, bob.token)).status, (await get(id, bob.token)).body]).toEqual([
        403,
        { error: 'Access denied' },
      ]);
      expect((await put(id, { description: 'mine' }, bob.token)).status).toBe(403);
      for (const unknown of ['999999', 'abc', '99999999999999999999']) {
        expect((await get(unknown)).body).toEqual({ error: 'Record not found' });
        expect((await put(unknown, { description: 'x' })).status).toBe(404);
      }
    });
  });

  it('checks read:media for GET and write:media for PUT', async () => {
    const readOnly = await tokenFor(t, alice.account.id, ['read']);
    expect((await get(id, readOnly)).status).toBe(200);
    const res = await put(id, { description: 'no' }, readOnly);
    expect([res.status, res.body]).toEqual([403, { error: 'Insufficient permissions: write:media.' }]);
  });
});

describe('GET /media/…', () => {
  it('answers 404 JSON for what was never stored and for paths that try to leave the folder', async () => {
    const files = await uploadedFiles(t);
    expect(files.length).toBeGreaterThan(0);
    for (const path of [
      '/media/nothing.png',
      '/media/../package.json',
      '/media/%2e%2e/%2e%2e/package.json',
      '/media/..%2f..%2fpackage.json',
      '/media/.tmp',
      '/media/a/../../package.json',
    ]) {
      const res = await request(t.app).get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/application\/json/);
    }
  });
});
