import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as images from '../fixtures/media/images.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { changesNothing, mediaPath, tokenFor, upload } from '../helpers/media.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
const UPLOAD_LIMIT = 32_768;

beforeAll(async () => {
  t = await createTestApp({ env: { UPLOAD_LIMIT: String(UPLOAD_LIMIT) } });
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
});
afterAll(() => t.close());

const get = (token: string | null = alice.token, path = '/api/v1/pleroma/mascot') => {
  const req = request(t.app).get(path);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const put = (bytes: Buffer, token = alice.token, path = '/api/v1/pleroma/mascot') =>
  upload(t, 'put', path, token, 'file', bytes, { filename: 'mascot.png', contentType: 'image/png' });

describe('GET/PUT /api/v1/pleroma/mascot (§5.6)', () => {
  it('answers the instance default, exactly, before one is set', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toBe(
      JSON.stringify({
        id: 'default-mascot',
        url: '/images/pleroma-fox-tan-smol.png',
        preview_url: '/images/pleroma-fox-tan-smol.png',
        pleroma: { mime_type: 'image/png' },
      }),
    );
  });

  it('stores an image as the mascot and answers it as an Attachment, which GET then answers', async () => {
    const res = await put(images.png(6, 3));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { id, url } = res.body;
    expect(url).toMatch(/^http:\/\/localhost:4000\/media\/[0-9a-f-]{36}\.png$/);
    expect(res.body).toEqual({
      id,
      url,
      remote_url: url,
      preview_url: url,
      text_url: url,
      type: 'image',
      description: null,
      pleroma: { mime_type: 'image/png' },
      blurhash: null,
      meta: { original: { width: 6, height: 3, aspect: 2 } },
    });
    expect((await get()).body).toEqual(res.body);
    expect((await request(t.app).get(mediaPath(url))).headers['content-type']).toBe('image/png');
    expect((await get(bob.token)).body.id).toBe('default-mascot');
  });

  it('takes a new mascot under /api/pleroma too, judged by its bytes', async () => {
    const res = await put(images.gif(), alice.token, '/api/pleroma/mascot');
    expect(res.body.pleroma).toEqual({ mime_type: 'image/gif' });
    expect((await get(alice.token, '/api/pleroma/mascot')).body.id).toBe(res.body.id);
  });

  it('refuses non-images with 415 "mascots can only be images", a lying .png and an SVG included', async () => {
    for (const bytes of [images.text(), images.svg(), images.pngHeaderThenGarbage()]) {
      await changesNothing(t, async () => {
        const res = await put(bytes);
        expect([res.status, res.body]).toEqual([415, { error: 'mascots can only be images' }]);
      });
    }
  });

  it('refuses damaged images with 422 and oversized ones with 413, keeping nothing', async () => {
    await changesNothing(t, async () => {
      expect((await put(images.truncatedPng())).status).toBe(422);
      const large = await put(Buffer.alloc(UPLOAD_LIMIT + 1, 3));
      expect([large.status, large.body]).toEqual([413, { error: 'File is too large' }]);
    });
  });

  it('requires the file', async () => {
    await changesNothing(t, async () => {
      const res = await request(t.app)
        .put('/api/v1/pleroma/mascot')
        .set('Authorization', `Bearer ${alice.token}`);
      expect([res.status, res.body.error]).toEqual([400, 'Missing field: file.']);
    });
  });

  it('needs a user: read:accounts to look, write:accounts to change', async () => {
    expect((await get(null)).body).toEqual({ error: 'Invalid credentials.' });
    const writeOnly = await tokenFor(t, alice.account.id, ['write']);
    expect((await get(writeOnly)).body).toEqual({ error: 'Insufficient permissions: read:accounts.' });
    const readOnly = await tokenFor(t, alice.account.id, ['read']);
    await changesNothing(t, async () => {
      const res = await put(images.png(1, 1), readOnly);
      expect([res.status, res.body]).toEqual([403, { error: 'Insufficient permissions: write:accounts.' }]);
    });
  });
});
