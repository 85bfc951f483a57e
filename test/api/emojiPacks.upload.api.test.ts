import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { png } from '../fixtures/media/images.js';
import { changesNothing, packHistory } from '../helpers/emojiPacks.js';
import { kitty, type PackAdminApp, tiger, usePackAdminApp, V1 } from '../helpers/emojiPacksApi.js';
import { rawZip } from '../helpers/zip.js';

let { t, http, auth, adminId, addFile, exists, createPack } = {} as PackAdminApp;
usePackAdminApp((made) => ({ t, http, auth, adminId, addFile, exists, createPack } = made));
beforeAll(async () => {
  // The empty pack emojiPacks.packs creates first.
  await createPack('cats');
});

describe('adding files (§7.10 POST)', () => {
  it('adds an upload under its shortcode and file name, subfolders made, emoji reloaded everywhere', async () => {
    const res = await addFile('cats', kitty, { shortcode: 'kitty', filename: 'sub/kitty.png' });
    expect([res.status, res.body]).toEqual([200, { kitty: 'sub/kitty.png' }]);
    expect(await readFile(join(t.emojiDir, 'cats/sub/kitty.png'))).toEqual(kitty);
    expect((await http.get(V1)).body.kitty).toEqual({
      image_url: '/emoji/cats/sub/kitty.png',
      tags: ['pack:cats'],
    });
    const custom = (await http.get('/api/v1/custom_emojis')).body as { shortcode: string }[];
    expect(custom.map((e) => e.shortcode)).toContain('kitty');
    expect((await http.get('/emoji/cats/sub/kitty.png')).body).toEqual(kitty);
    const sha256 = createHash('sha256').update(kitty).digest('hex');
    expect((await packHistory(t, 'cats')).at(-1)).toEqual({
      type: 'EmojiAdded',
      data: { pack: 'cats', shortcode: 'kitty', filename: 'sub/kitty.png', sha256, size: kitty.length },
      actor: adminId,
    });
  });

  it('takes the shortcode and file name from the upload by default (legacy /api/pleroma path too)', async () => {
    const res = await http
      .post('/api/pleroma/emoji/packs/files?name=cats')
      .set(auth)
      .attach('file', tiger, { filename: 'tiger.png', contentType: 'image/png' });
    expect(res.body).toEqual({ kitty: 'sub/kitty.png', tiger: 'tiger.png' });
  });

  it('answers the spec’s errors and writes nothing', async () => {
    await changesNothing(t, async () => {
      const cases: [Promise<request.Response>, number, string][] = [
        [
          addFile('cats', kitty, { shortcode: 'blobfox' }),
          409,
          'An emoji with the "blobfox" shortcode already exists',
        ],
        [addFile('cats', kitty, { shortcode: '' }), 422, 'pack name, shortcode or filename cannot be empty'],
        [addFile('cats', kitty, { filename: '' }), 422, 'pack name, shortcode or filename cannot be empty'],
        [addFile('nope', kitty), 404, 'pack "nope" is not found'],
        [
          addFile('cats', kitty, { filename: '../../escape.png' }),
          400,
          'Invalid filename: "../../escape.png"',
        ],
        [addFile('cats', kitty, { filename: '/tmp/abs.png' }), 400, 'Invalid filename: "/tmp/abs.png"'],
        [addFile('cats', kitty, { filename: 'x.svg' }), 415, 'Only images can be emoji: "x.svg" is not one'],
        [
          addFile('cats', Buffer.from('<script>alert(1)</script>'), { shortcode: 'html' }),
          415,
          'Only images can be emoji: "upload.png" is not one',
        ],
        [
          http.post(`${V1}/packs/files?name=cats`).set(auth).field('shortcode', 'x'),
          400,
          'Missing field: file.',
        ],
      ];
      for (const [pending, status, error] of cases) {
        const res = await pending;
        expect([res.status, res.body.error]).toEqual([status, error]);
      }
    });
  });

  it('refuses a file over the upload limit with a JSON 413', async () => {
    const res = await addFile('cats', Buffer.alloc(300_000, 1), { shortcode: 'huge' });
    expect([res.status, res.body]).toEqual([413, { error: 'File is too large' }]);
  });

  it('does not fetch a URL on a private or link-local address', async () => {
    await changesNothing(t, async () => {
      const res = await http
        .post(`${V1}/packs/files?name=cats`)
        .set(auth)
        .send({ file: 'http://169.254.169.254/latest/meta-data/x.png', shortcode: 'meta' });
      expect([res.status, res.body]).toEqual([
        400,
        { error: 'Fetching from private, loopback or link-local addresses is not allowed' },
      ]);
    });
  });

  it('adds every new image of a zip, keeping paths, passing over known shortcodes and other files', async () => {
    const zip = rawZip([
      { name: 'zipped_a.png', data: png(1, 1) },
      { name: 'deep/zipped_b.png', data: png(2, 1), deflate: true },
      { name: 'blobfox.png', data: png(1, 2) },
      { name: 'readme.txt', data: Buffer.from('hello') },
    ]);
    const res = await addFile('cats', zip, {}, 'many.zip');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ zipped_a: 'zipped_a.png', zipped_b: 'deep/zipped_b.png' });
    expect(res.body.blobfox).toBeUndefined();
    expect(await exists('cats/readme.txt')).toBe(false);
    expect((await http.get(V1)).body.zipped_b.image_url).toBe('/emoji/cats/deep/zipped_b.png');
  });

  it('refuses zips with escaping entries, bombs and lying images, writing nothing', async () => {
    const bombs: [Buffer, number][] = [
      [
        rawZip([
          { name: 'ok_one.png', data: png(1, 1) },
          { name: '../../escaped.png', data: png(1, 1) },
        ]),
        400,
      ],
      [rawZip([{ name: '/abs/escaped.png', data: png(1, 1) }]), 400],
      [rawZip([{ name: 'zeros.png', data: Buffer.alloc(5_000_000), deflate: true }]), 413],
      [rawZip([{ name: 'liar.png', data: Buffer.alloc(5_000_000), deflate: true, declaredSize: 100 }]), 400],
      [rawZip([{ name: 'fake.png', data: Buffer.from('<svg onload=alert(1)>') }]), 415],
    ];
    await changesNothing(t, async () => {
      for (const [zip, status] of bombs)
        expect((await addFile('cats', zip, {}, 'x.zip')).status).toBe(status);
    });
  });

  it('saves nothing when recording the change fails', async () => {
    const store = t.deps.eventStore;
    const append = store.appendToStream;
    store.appendToStream = async () => {
      throw new Error('the log is unavailable');
    };
    try {
      await changesNothing(t, async () => {
        expect((await addFile('cats', kitty, { shortcode: 'lost', filename: 'lost/lost.png' })).status).toBe(
          500,
        );
      });
    } finally {
      store.appendToStream = append;
    }
  });
});
