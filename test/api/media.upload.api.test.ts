import request from 'supertest';
import { describe, expect, it } from 'vitest';
import * as images from '../fixtures/media/images.js';
import { changesNothing, mediaPath } from '../helpers/media.js';
import { type MediaApp, UPLOAD_LIMIT, useMediaApp } from '../helpers/mediaApi.js';

let { t, alice, reader, post } = {} as MediaApp;
useMediaApp((made) => ({ t, alice, reader, post } = made));

const MEDIA_URL = /^http:\/\/localhost:4000\/media\/[0-9a-f-]{36}\.(png|jpg|gif|bin)$/;
const normalised = (body: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(body).replaceAll(body.url as string, '<url>'));

describe('POST /api/v1/media and /api/v2/media', () => {
  it('uploads an image and answers the Attachment with its size', async () => {
    const res = await post(images.png(3, 2), { fields: { description: 'a red square', focus: '0.5,-0.5' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.url).toMatch(MEDIA_URL);
    expect(normalised({ ...res.body, id: '<id>' })).toEqual({
      id: '<id>',
      url: '<url>',
      remote_url: '<url>',
      preview_url: '<url>',
      text_url: '<url>',
      type: 'image',
      description: 'a red square',
      pleroma: { mime_type: 'image/png' },
      blurhash: null,
      meta: { original: { width: 3, height: 2, aspect: 1.5 } },
    });
    expect(Object.keys(res.body)).toEqual([
      'id',
      'url',
      'remote_url',
      'preview_url',
      'text_url',
      'type',
      'description',
      'pleroma',
      'blurhash',
      'meta',
    ]);
  });

  it('answers 200 with the attachment on v2 too: processing is synchronous', async () => {
    const res = await post(images.gif(), {}, alice.token, '/api/v2/media');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'image', description: null, pleroma: { mime_type: 'image/gif' } });
    expect(res.body.meta.original).toEqual({ width: 2, height: 1, aspect: 2 });
  });

  it('serves the stored file at its URL with its type, nosniff and a sandbox', async () => {
    const bytes = images.jpeg();
    const { body } = await post(bytes, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    const res = await request(t.app).get(mediaPath(body.url)).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(Buffer.from(res.body)).toEqual(bytes);
    const head = await request(t.app).head(mediaPath(body.url));
    expect([head.status, head.headers['content-length']]).toEqual([200, String(bytes.length)]);
  });

  it('decides the type from the bytes, not the file name or the client’s Content-Type', async () => {
    const jpeg = await post(images.jpeg(), { filename: 'cat.png', contentType: 'image/png' });
    expect(jpeg.body).toMatchObject({ type: 'image', pleroma: { mime_type: 'image/jpeg' } });
    expect(jpeg.body.url).toMatch(/\.jpg$/);

    const text = await post(images.text(), { filename: 'evil.png', contentType: 'image/png' });
    expect(text.status).toBe(200);
    expect(text.body).toMatchObject({ type: 'unknown', pleroma: { mime_type: 'application/octet-stream' } });
    expect(text.body.meta).toBeUndefined();
  });

  it('keeps an SVG as an unknown file served only as a download', async () => {
    const res = await post(images.svg(), { filename: 'logo.svg', contentType: 'image/svg+xml' });
    expect(res.body).toMatchObject({ type: 'unknown', pleroma: { mime_type: 'application/octet-stream' } });
    const served = await request(t.app).get(mediaPath(res.body.url));
    expect(served.headers['content-type']).toBe('application/octet-stream');
    expect(served.headers['content-disposition']).toBe('attachment');
  });

  it('refuses damaged and empty images with 422, keeping nothing', async () => {
    for (const bytes of [images.truncatedPng(), images.pngHeaderThenGarbageChunks(), Buffer.alloc(0)]) {
      await changesNothing(t, async () => {
        const res = await post(bytes);
        expect(res.status).toBe(422);
        expect(res.body.error).toMatch(/damaged or incomplete|The file is empty/);
      });
    }
  });

  it('refuses a file over UPLOAD_LIMIT with a JSON 413, keeping nothing', async () => {
    await changesNothing(t, async () => {
      const res = await post(Buffer.alloc(UPLOAD_LIMIT + 1, 7));
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ error: 'File is too large' });
    });
    // Far over BODY_LIMIT, under UPLOAD_LIMIT: accepted (bytes after a PNG's end are ignored, as browsers do).
    expect((await post(Buffer.concat([images.png(2, 2), Buffer.alloc(UPLOAD_LIMIT - 100)]))).status).toBe(
      200,
    );
  });

  it('removes the stored file when the decision refuses the upload', async () => {
    await changesNothing(t, async () => {
      const res = await post(images.png(1, 1), { fields: { description: 'x'.repeat(5001) } });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ error: 'description_too_long' });
    });
  });

  it('removes the stored file when the event store fails', async () => {
    const store = t.deps.eventStore;
    const append = store.appendToStream;
    store.appendToStream = async () => {
      throw new Error('the event store is gone');
    };
    try {
      await changesNothing(t, async () => expect((await post(images.png(1, 1))).status).toBe(500));
    } finally {
      store.appendToStream = append;
    }
  });

  it('requires the file', async () => {
    await changesNothing(t, async () => {
      const res = await request(t.app)
        .post('/api/v1/media')
        .set('Authorization', `Bearer ${alice.token}`)
        .field('description', 'nothing attached');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('Missing field: file.');
    });
  });

  it('requires a user token with write:media', async () => {
    await changesNothing(t, async () => {
      const anonymous = await post(images.png(1, 1), {}, '');
      expect([anonymous.status, anonymous.body]).toEqual([403, { error: 'Invalid credentials.' }]);
      const readOnly = await post(images.png(1, 1), {}, reader.token);
      expect([readOnly.status, readOnly.body]).toEqual([
        403,
        { error: 'Insufficient permissions: write:media.' },
      ]);
    });
  });

  it('leaves BODY_LIMIT to the other routes', async () => {
    const id = (await post(images.png(1, 1))).body.id;
    const res = await request(t.app)
      .put(`/api/v1/media/${id}`)
      .set('Authorization', `Bearer ${alice.token}`)
      .send({ description: 'x'.repeat(2000) });
    expect([res.status, res.body]).toEqual([413, { error: 'Request body too large' }]);
  });

  it('announces the upload limit in /api/v1/instance', async () => {
    const res = await request(t.app).get('/api/v1/instance');
    expect(res.body.upload_limit).toBe(UPLOAD_LIMIT);
  });
});
