import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/api/entities/account.js';
import * as images from '../fixtures/media/images.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { changesNothing, mediaPath, tokenFor, upload } from '../helpers/media.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
const base = 'http://localhost:4000';
const DEFAULT_AVATAR = `${base}/images/avi.png`;
const DEFAULT_HEADER = `${base}/images/banner.png`;
const MEDIA_URL = /^http:\/\/localhost:4000\/media\/[0-9a-f-]{36}\.(png|jpg|gif)$/;

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
});
afterAll(() => t.close());

const credentials = (token = alice.token) =>
  request(t.app).patch('/api/v1/accounts/update_credentials').set('Authorization', `Bearer ${token}`);
const self = async (token = alice.token) =>
  (await request(t.app).get('/api/v1/accounts/verify_credentials').set('Authorization', `Bearer ${token}`))
    .body;
const pictures = (account: Account) => ({
  avatar: account.avatar,
  avatar_static: account.avatar_static,
  header: account.header,
  header_static: account.header_static,
  background_image: account.pleroma.background_image,
});

describe('PATCH /api/v1/accounts/update_credentials with pictures', () => {
  it('starts with the default pictures', async () => {
    expect(pictures(await self())).toEqual({
      avatar: DEFAULT_AVATAR,
      avatar_static: DEFAULT_AVATAR,
      header: DEFAULT_HEADER,
      header_static: DEFAULT_HEADER,
      background_image: null,
    });
  });

  it('sets avatar, header and background from uploads, with the profile in the same request', async () => {
    const res = await credentials()
      .field('display_name', 'Alice')
      .attach('avatar', images.png(2, 2), { filename: 'a.png', contentType: 'image/png' })
      .attach('header', images.jpeg(), { filename: 'h.jpg', contentType: 'image/jpeg' })
      .attach('pleroma_background_image', images.gif(), { filename: 'b.gif', contentType: 'image/gif' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.display_name).toBe('Alice');
    const shown = pictures(res.body);
    expect(shown.avatar).toMatch(/\.png$/);
    expect(shown.header).toMatch(/\.jpg$/);
    expect(shown.background_image).toMatch(/\.gif$/);
    for (const url of Object.values(shown)) expect(url).toMatch(MEDIA_URL);
    expect(shown.avatar_static).toBe(shown.avatar);
    expect(shown.header_static).toBe(shown.header);
    expect(pictures(await self())).toEqual(shown);
    const served = await request(t.app).get(mediaPath(shown.avatar));
    expect([served.status, served.headers['content-type']]).toEqual([200, 'image/png']);
  });

  it('shows the pictures to others too', async () => {
    const mine = pictures(await self());
    const res = await request(t.app).get(`/api/v1/accounts/${alice.account.id}`);
    expect(pictures(res.body)).toEqual(mine);
  });

  it('clears a picture with an empty string, from a form or JSON, leaving the others', async () => {
    const before = pictures(await self());
    const res = await credentials().field('avatar', '');
    expect(res.status).toBe(200);
    expect(pictures(res.body)).toEqual({ ...before, avatar: DEFAULT_AVATAR, avatar_static: DEFAULT_AVATAR });
    const json = await credentials().send({ header: '', pleroma_background_image: '' });
    expect(pictures(json.body)).toMatchObject({ header: DEFAULT_HEADER, background_image: null });
  });

  it('ignores a picture parameter that is no upload, as Pleroma does', async () => {
    await changesNothing(t, async () => {
      const res = await credentials().send({ avatar: 'https://elsewhere.example/a.png' });
      expect([res.status, res.body.avatar]).toEqual([200, DEFAULT_AVATAR]);
    });
  });

  it('refuses what is not an image, a lying .png and an SVG included, keeping nothing of the request', async () => {
    for (const [bytes, field, error] of [
      [images.text(), 'avatar', 'Avatar must be an image'],
      [images.svg(), 'header', 'Header must be an image'],
      [images.pngHeaderThenGarbage(), 'pleroma_background_image', 'Background must be an image'],
    ] as const) {
      await changesNothing(t, async () => {
        const res = await credentials()
          .field('display_name', 'Not saved')
          .attach(field, bytes, { filename: 'picture.png', contentType: 'image/png' });
        expect([res.status, res.body]).toEqual([415, { error }]);
      });
    }
    expect((await self()).display_name).toBe('Alice');
  });

  it('refuses damaged images with 422', async () => {
    await changesNothing(t, async () => {
      const res = await credentials().attach('avatar', images.truncatedPng(), 'a.png');
      expect(res.status).toBe(422);
      expect(res.body.error).toMatch(/damaged or incomplete/);
    });
  });

  it('answers Pleroma’s 413 "File is too large" over each picture’s limit', async () => {
    await changesNothing(t, async () => {
      const avatar = await credentials().attach('avatar', Buffer.alloc(2_000_001, 1), 'big.png');
      expect([avatar.status, avatar.body]).toEqual([413, { error: 'File is too large' }]);
      const header = await credentials().attach('header', Buffer.alloc(4_000_001, 1), 'big.png');
      expect([header.status, header.body]).toEqual([413, { error: 'File is too large' }]);
    });
  });

  it('removes the stored picture when the profile is refused', async () => {
    await changesNothing(t, async () => {
      const res = await credentials()
        .field('note', 'x'.repeat(5001))
        .attach('avatar', images.png(1, 1), 'a.png');
      expect([res.status, res.body]).toEqual([413, { error: 'Bio is too long' }]);
    });
  });
});

describe('the historical update_avatar, update_banner and update_background (§5.4)', () => {
  const legacy = (path: string, token = bob.token) =>
    request(t.app).patch(`/api/v1/pleroma/accounts/${path}`).set('Authorization', `Bearer ${token}`);
  const dataUri = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

  it('update_avatar takes `img` as a file and answers {"url": href}', async () => {
    const res = await upload(
      t,
      'patch',
      '/api/v1/pleroma/accounts/update_avatar',
      bob.token,
      'img',
      images.png(2, 1),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body)).toEqual(['url']);
    expect(res.body.url).toMatch(MEDIA_URL);
    expect((await self(bob.token)).avatar).toBe(res.body.url);
  });

  it('update_avatar takes `img` as a data URI, and under /api/pleroma too', async () => {
    const res = await request(t.app)
      .patch('/api/pleroma/accounts/update_avatar')
      .set('Authorization', `Bearer ${bob.token}`)
      .send({ img: dataUri(images.gif(), 'image/png') });
    expect(res.status).toBe(200);
    expect(res.body.url).toMatch(/\.gif$/);
  });

  it('update_avatar clears with img="" and answers {"url": null}', async () => {
    const res = await legacy('update_avatar').send({ img: '' });
    expect([res.status, res.body]).toEqual([200, { url: null }]);
    expect((await self(bob.token)).avatar).toBe(DEFAULT_AVATAR);
  });

  it('update_banner takes `banner`; "" clears it', async () => {
    const set = await legacy('update_banner')
      .type('form')
      .send({ banner: dataUri(images.jpeg(), 'image/jpeg') });
    expect(set.body.url).toMatch(/\.jpg$/);
    expect((await self(bob.token)).header).toBe(set.body.url);
    const cleared = await legacy('update_banner').send({ banner: '' });
    expect(cleared.body).toEqual({ url: null });
    expect((await self(bob.token)).header).toBe(DEFAULT_HEADER);
  });

  it('update_background takes `img`; "" clears it', async () => {
    const set = await upload(
      t,
      'patch',
      '/api/v1/pleroma/accounts/update_background',
      bob.token,
      'img',
      images.jpeg(),
    );
    expect((await self(bob.token)).pleroma.background_image).toBe(set.body.url);
    expect((await legacy('update_background').send({ img: '' })).body).toEqual({ url: null });
    expect((await self(bob.token)).pleroma.background_image).toBeNull();
  });

  it('refuses a missing parameter, text, an SVG data URI and damaged images, keeping nothing', async () => {
    await changesNothing(t, async () => {
      const missing = await legacy('update_avatar').send({});
      expect([missing.status, missing.body.error]).toEqual([400, 'Missing field: img.']);
      const missingBanner = await legacy('update_banner').send({ img: '' });
      expect(missingBanner.body.error).toBe('Missing field: banner.');
      const text = await legacy('update_avatar').send({ img: 'just text' });
      expect([text.status, text.body]).toEqual([
        400,
        { error: 'img must be an image file or a data:image URI' },
      ]);
      const svg = await legacy('update_avatar').send({ img: dataUri(images.svg(), 'image/svg+xml') });
      expect([svg.status, svg.body]).toEqual([415, { error: 'Avatar must be an image' }]);
      const damaged = await legacy('update_background').send({ img: dataUri(images.truncatedPng()) });
      expect(damaged.status).toBe(422);
    });
  });

  it('requires write:accounts', async () => {
    const readOnly = await tokenFor(t, bob.account.id, ['read']);
    const res = await legacy('update_avatar', readOnly).send({ img: '' });
    expect([res.status, res.body]).toEqual([403, { error: 'Insufficient permissions: write:accounts.' }]);
  });
});
