import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/emoji/packs/zip.js';
import { png } from '../fixtures/media/images.js';
import { userWithToken } from '../helpers/accounts.js';
import {
  adminWithToken,
  changesNothing,
  createPackApp,
  type PackTestApp,
  packHistory,
} from '../helpers/emojiPacks.js';
import { rawZip } from '../helpers/zip.js';

let t: PackTestApp;
let http: ReturnType<typeof request>;
let auth: { Authorization: string };
let adminId: string;
const V1 = '/api/v1/pleroma/emoji';
const kitty = png(2, 2, [10, 20, 30]);
const tiger = png(3, 1, [200, 100, 0]);

beforeAll(async () => {
  // A small pack limit, so a bomb is a few kilobytes; an upload limit a test can pass.
  t = await createPackApp({ env: { EMOJI_PACK_LIMIT: '1048576', UPLOAD_LIMIT: '200000' } });
  http = request(t.app);
  const admin = await adminWithToken(t, 'emoji_admin');
  auth = { Authorization: `Bearer ${admin.token}` };
  adminId = admin.account.id;
});
afterAll(() => t?.close());

const packJsonOf = async (pack: string) =>
  JSON.parse(await readFile(join(t.emojiDir, pack, 'pack.json'), 'utf8'));
const addFile = (
  pack: string,
  bytes: Buffer,
  fields: Record<string, string> = {},
  filename = 'upload.png',
) => {
  let req = http.post(`${V1}/packs/files?name=${encodeURIComponent(pack)}`).set(auth);
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  return req.attach('file', bytes, { filename, contentType: 'image/png' });
};
const exists = (path: string) =>
  stat(join(t.emojiDir, path)).then(
    () => true,
    () => false,
  );

describe('who may manage packs', () => {
  it('answers Pleroma’s 403s: no user, not staff, no admin:write', async () => {
    const user = await userWithToken(t, 'emoji_user');
    const scoped = await adminWithToken(t, 'emoji_admin_read', ['read', 'write']);
    await changesNothing(t, async () => {
      expect((await http.post(`${V1}/pack?name=x`)).body).toEqual({ error: 'Invalid credentials.' });
      const notStaff = await http.post(`${V1}/pack?name=x`).set('Authorization', `Bearer ${user.token}`);
      expect([notStaff.status, notStaff.body]).toEqual([403, { error: 'User is not a staff member.' }]);
      const noScope = await http.get(`${V1}/packs/import`).set('Authorization', `Bearer ${scoped.token}`);
      expect([noScope.status, noScope.body]).toEqual([
        403,
        { error: 'Insufficient permissions: admin:write.' },
      ]);
      const files = await http.delete(`${V1}/packs/files?name=blobs&shortcode=blobfox`);
      expect([files.status, files.body]).toEqual([403, { error: 'Invalid credentials.' }]);
    });
  });

  it('lists, shows and serves archives to anyone, credentials ignored', async () => {
    const res = await http.get('/api/pleroma/emoji/packs').set('Authorization', 'Bearer nonsense');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      packs: {
        blobs: {
          files: { blobcat: 'cats/blobcat.png', blobfox: 'blobfox.png', escapee: '../plain/firefox.png' },
          files_count: 3,
          pack: {
            description: "A test pack in Pleroma's pack.json format",
            license: 'CC0',
            homepage: 'https://example.org',
            'share-files': true,
            // escapee points outside the pack: it counts as missing, so the pack cannot be downloaded.
            'can-download': false,
          },
        },
      },
      count: 1,
    });
  });

  it('announces shareable_emoji_packs in nodeinfo', async () => {
    const res = await http.get('/nodeinfo/2.1.json');
    expect(res.body.metadata.features).toContain('shareable_emoji_packs');
  });
});

describe('creating, showing and deleting packs (§7.2, §7.3, §7.5)', () => {
  it('creates an empty pack, recorded with who did it', async () => {
    const res = await http.post(`${V1}/pack?name=%20cats%20`).set(auth);
    expect([res.status, res.body]).toEqual([200, 'ok']);
    expect(await packJsonOf('cats')).toEqual({ pack: {}, files: {}, files_count: 0 });
    expect(await packHistory(t, 'cats')).toEqual([
      { type: 'EmojiPackCreated', data: { pack: 'cats' }, actor: adminId },
    ]);
  });

  it('refuses a taken, blank, missing or escaping name', async () => {
    await changesNothing(t, async () => {
      const cases: [string, number, string][] = [
        ['?name=cats', 409, 'A pack named "cats" already exists'],
        ['?name=listed', 409, 'A pack named "listed" already exists'],
        ['?name=%20', 400, 'pack name cannot be empty'],
        ['', 400, 'Missing field: name.'],
        ['?name=..%2F..%2Fevil', 400, 'Invalid pack name: "../../evil"'],
        ['?name=%2Ftmp%2Fevil', 400, 'Invalid pack name: "/tmp/evil"'],
        ['?name=..', 400, 'Invalid pack name: ".."'],
        ['?name=.hidden', 400, 'Invalid pack name: ".hidden"'],
      ];
      for (const [query, status, error] of cases) {
        const res = await http.post(`${V1}/pack${query}`).set(auth);
        expect([query, res.status, res.body.error]).toEqual([query, status, error]);
      }
    });
  });

  it('shows a pack with a page of its files, sorted by shortcode', async () => {
    const first = await http.get(`${V1}/pack?name=blobs&page_size=1`);
    expect(first.body.files).toEqual({ blobcat: 'cats/blobcat.png' });
    expect(first.body.files_count).toBe(3);
    const second = await http.get(`${V1}/pack?name=blobs&page=2&page_size=1`);
    expect(second.body.files).toEqual({ blobfox: 'blobfox.png' });
    expect((await http.get(`${V1}/pack?name=blobs&page_size=0`)).body.files).toEqual({});
  });

  it('shows only by the last segment of the name, and answers the spec’s errors', async () => {
    expect((await http.get(`${V1}/pack?name=..%2F..%2Fblobs`)).body.files_count).toBe(3);
    const cases: [string, number, string][] = [
      ['?name=nope', 404, 'Pack nope does not exist'],
      ['?name=..', 404, 'Pack .. does not exist'],
      ['?name=%20', 400, 'pack name cannot be empty'],
      ['?name=listed', 404, 'Pack listed does not exist'],
      ['?name=blobs&page=0', 400, 'page - Invalid integer. Got: "0".'],
    ];
    for (const [query, status, error] of cases) {
      const res = await http.get(`${V1}/pack${query}`);
      expect([query, res.status, res.body.error]).toEqual([query, status, error]);
    }
  });

  it('deletes a pack folder and everything in it; its emoji are gone at once', async () => {
    await http.post(`${V1}/pack?name=doomed`).set(auth).expect(200);
    await addFile('doomed', tiger, { shortcode: 'doomed_tiger' }).expect(200);
    expect((await http.get(`${V1}`)).body.doomed_tiger).toBeDefined();
    const res = await http.delete(`${V1}/pack?name=doomed`).set(auth);
    expect([res.status, res.body]).toEqual([200, 'ok']);
    expect(await exists('doomed')).toBe(false);
    expect((await http.get(`${V1}`)).body.doomed_tiger).toBeUndefined();
    expect((await packHistory(t, 'doomed')).map((e) => e.type)).toEqual([
      'EmojiPackCreated',
      'EmojiAdded',
      'EmojiPackDeleted',
    ]);
  });

  it('deletes nothing for a missing, blank or escaping name', async () => {
    await changesNothing(t, async () => {
      const cases: [string, number, string][] = [
        ['?name=doomed', 404, 'Pack doomed does not exist'],
        ['?name=%20', 400, 'pack name cannot be empty'],
        ['?name=..%2Femoji', 400, 'Invalid pack name: "../emoji"'],
        ['?name=blobs%2F..', 400, 'Invalid pack name: "blobs/.."'],
      ];
      for (const [query, status, error] of cases) {
        const res = await http.delete(`${V1}/pack${query}`).set(auth);
        expect([query, res.status, res.body.error]).toEqual([query, status, error]);
      }
    });
  });
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

describe('renaming and removing files (§7.10 PATCH, DELETE)', () => {
  const rename = (pack: string, body: Record<string, unknown>) =>
    http.patch(`${V1}/packs/files?name=${pack}`).set(auth).send(body);

  it('moves the file and changes the shortcode; an emptied folder goes', async () => {
    const res = await rename('cats', {
      shortcode: 'kitty',
      new_shortcode: 'kitten',
      new_filename: 'kitten.png',
    });
    expect(res.status).toBe(200);
    expect(res.body.kitten).toBe('kitten.png');
    expect(res.body.kitty).toBeUndefined();
    expect(await readFile(join(t.emojiDir, 'cats/kitten.png'))).toEqual(kitty);
    expect(await exists('cats/sub')).toBe(false);
    const emoji = (await http.get(V1)).body;
    expect([emoji.kitten?.image_url, emoji.kitty]).toEqual(['/emoji/cats/kitten.png', undefined]);
  });

  it('answers the spec’s errors and writes nothing', async () => {
    await changesNothing(t, async () => {
      const cases: [string, Record<string, unknown>, number, string][] = [
        ['cats', { shortcode: 'kitten', new_shortcode: 'x' }, 400, 'Missing field: new_filename.'],
        [
          'cats',
          { shortcode: 'nope', new_shortcode: 'x', new_filename: 'x.png' },
          400,
          'Emoji "nope" does not exist',
        ],
        [
          'cats',
          { shortcode: 'kitten', new_shortcode: 'blobfox', new_filename: 'k.png' },
          409,
          `New shortcode "blobfox" is already used. If you want to override emoji use 'force' option`,
        ],
        [
          'cats',
          { shortcode: 'kitten', new_shortcode: ' ', new_filename: 'k.png' },
          422,
          'new_shortcode or new_filename cannot be empty',
        ],
        [
          'cats',
          { shortcode: 'kitten', new_shortcode: 'k', new_filename: '../../k.png' },
          400,
          'Invalid filename: "../../k.png"',
        ],
        [
          'nope',
          { shortcode: 'kitten', new_shortcode: 'k', new_filename: 'k.png' },
          404,
          'pack "nope" is not found',
        ],
        // blobs' "escapee" names ../plain/firefox.png: a file outside the pack is no emoji of it.
        [
          'blobs',
          { shortcode: 'escapee', new_shortcode: 'e', new_filename: 'e.png' },
          400,
          'Emoji "escapee" does not exist',
        ],
      ];
      for (const [pack, body, status, error] of cases) {
        const res = await rename(pack, body);
        expect([res.status, res.body.error]).toEqual([status, error]);
      }
    });
  });

  it('with force, takes over a used shortcode', async () => {
    const res = await rename('cats', {
      shortcode: 'kitten',
      new_shortcode: 'kitten',
      new_filename: 'k/kitten.png',
      force: true,
    });
    expect(res.body.kitten).toBe('k/kitten.png');
  });

  it('removes an emoji and its file', async () => {
    const res = await http.delete(`${V1}/packs/files?name=cats&shortcode=tiger`).set(auth);
    expect(res.status).toBe(200);
    expect(res.body.tiger).toBeUndefined();
    expect(await exists('cats/tiger.png')).toBe(false);
    expect((await http.get(V1)).body.tiger).toBeUndefined();
    expect((await packHistory(t, 'cats')).at(-1)).toMatchObject({
      type: 'EmojiRemoved',
      data: { pack: 'cats', shortcode: 'tiger', filename: 'tiger.png' },
    });
  });

  it('removing an entry that points outside the pack leaves that file alone', async () => {
    const res = await http.delete(`${V1}/packs/files?name=blobs&shortcode=escapee`).set(auth);
    expect(res.body).toEqual({ blobcat: 'cats/blobcat.png', blobfox: 'blobfox.png' });
    expect(await exists('plain/firefox.png')).toBe(true);
  });

  it('answers the spec’s errors for removals', async () => {
    await changesNothing(t, async () => {
      const cases: [string, number, string][] = [
        ['?name=nope&shortcode=', 404, 'pack "nope" is not found'],
        ['?name=cats&shortcode=', 422, 'pack name or shortcode cannot be empty'],
        ['?name=cats&shortcode=nope', 400, 'Emoji "nope" does not exist'],
        ['?name=cats', 400, 'Missing field: shortcode.'],
      ];
      for (const [query, status, error] of cases) {
        const res = await http.delete(`${V1}/packs/files${query}`).set(auth);
        expect([query, res.status, res.body.error]).toEqual([query, status, error]);
      }
    });
  });
});

describe('metadata and archives (§7.4, §7.9)', () => {
  it('replaces the metadata, computed keys dropped, and the shared pack becomes downloadable', async () => {
    const metadata = { license: 'MIT', 'share-files': true, 'can-download': false, 'download-sha256': 'AA' };
    const res = await http.patch(`${V1}/pack?name=cats`).set(auth).send({ metadata });
    expect([res.status, res.body]).toEqual([200, { license: 'MIT', 'share-files': true }]);
    const shown = (await http.get(`${V1}/pack?name=cats`)).body;
    expect(shown.pack).toEqual({
      license: 'MIT',
      'share-files': true,
      'can-download': true,
      'download-sha256': expect.stringMatching(/^[0-9A-F]{64}$/),
    });
    const archive = await http.get(`${V1}/packs/archive?name=cats`).responseType('arraybuffer');
    expect(archive.status).toBe(200);
    expect(archive.headers['content-type']).toBe('application/zip');
    expect(archive.headers['content-disposition']).toBe('attachment; filename=cats.zip');
    const bytes = archive.body as Buffer;
    expect(createHash('sha256').update(bytes).digest('hex').toUpperCase()).toBe(
      shown.pack['download-sha256'],
    );
    const files = await readZip(bytes, { maxTotalBytes: 1_000_000, maxEntries: 100 });
    expect([...files.keys()].sort()).toEqual([
      'deep/zipped_b.png',
      'k/kitten.png',
      'pack.json',
      'zipped_a.png',
    ]);
    const again = await http.get(`${V1}/packs/archive?name=cats`).responseType('arraybuffer');
    expect(again.body).toEqual(bytes);
  });

  it('answers the spec’s errors for metadata', async () => {
    await changesNothing(t, async () => {
      const missing = await http.patch(`${V1}/pack?name=cats`).set(auth).send({});
      expect(missing.body.error).toBe('Missing field: metadata.');
      const nope = await http.patch(`${V1}/pack?name=nope`).set(auth).send({ metadata: {} });
      expect([nope.status, nope.body.error]).toEqual([404, 'Pack nope does not exist']);
      const local = await http
        .patch(`${V1}/pack?name=cats`)
        .set(auth)
        .send({ metadata: { 'fallback-src': 'http://localhost:1/pack.zip' } });
      expect([local.status, local.body.error]).toEqual([
        400,
        'Fetching from private, loopback or link-local addresses is not allowed',
      ]);
    });
  });

  it('serves no archive of an unshared, missing, or linked-out pack', async () => {
    await mkdir(join(t.emojiDir, 'leaky'));
    await writeFile(
      join(t.emojiDir, 'leaky/pack.json'),
      JSON.stringify({ pack: { 'share-files': true }, files: { leak: 'leak.png' } }),
    );
    await symlink('/etc/hostname', join(t.emojiDir, 'leaky/leak.png'));
    await symlink(join(t.emojiDir, 'blobs'), join(t.emojiDir, 'linked'));
    await http.post(`${V1}/pack?name=unshared`).set(auth).expect(200);
    const cannot = (name: string) =>
      `Pack ${name} cannot be downloaded from this instance, either pack sharing was disabled for this pack or some files are missing`;
    const cases: [string, number, string][] = [
      ['unshared', 403, cannot('unshared')],
      ['leaky', 403, cannot('leaky')],
      ['nope', 404, 'Pack nope does not exist'],
      ['linked', 404, 'Pack linked does not exist'],
    ];
    for (const [name, status, error] of cases) {
      const res = await http.get(`${V1}/packs/archive?name=${name}`);
      expect([name, res.status, res.body.error]).toEqual([name, status, error]);
    }
    const listed = (await http.get(`${V1}/packs`)).body.packs;
    expect(Object.keys(listed)).not.toContain('linked');
  });

  it('refuses to write through a linked pack folder, or a linked folder inside a pack', async () => {
    await symlink(t.sandbox, join(t.emojiDir, 'cats/outside'));
    await changesNothing(t, async () => {
      expect((await addFile('linked', kitty, { shortcode: 'through_link' })).status).toBe(404);
      expect((await http.delete(`${V1}/pack?name=linked`).set(auth)).status).toBe(404);
      const inside = await addFile('cats', kitty, { shortcode: 'through_dir', filename: 'outside/x.png' });
      expect([inside.status, inside.body]).toEqual([400, { error: 'Invalid filename: "outside/x.png"' }]);
      const moved = await http.patch(`${V1}/packs/files?name=cats`).set(auth).send({
        shortcode: 'zipped_a',
        new_shortcode: 'zipped_a',
        new_filename: 'outside/a.png',
        force: true,
      });
      expect(moved.status).toBe(400);
    });
  });
});

describe('importing folders (§7.6) and paging the list (§7.1)', () => {
  it('makes a pack.json for each folder without one, from emoji.txt or the images', async () => {
    await mkdir(join(t.emojiDir, 'fresh/sub'), { recursive: true });
    await writeFile(join(t.emojiDir, 'fresh/fresh_a.png'), png(1, 1));
    await writeFile(join(t.emojiDir, 'fresh/sub/fresh_b.png'), png(1, 1));
    await writeFile(join(t.emojiDir, 'fresh/notes.txt'), 'not an emoji');
    const res = await http.get('/api/pleroma/emoji/packs/import').set(auth);
    expect([res.status, res.body]).toEqual([200, ['fresh', 'listed', 'plain']]);
    expect(await packJsonOf('listed')).toEqual({
      pack: {},
      files: { happy: 'happy.png', sad: 'sad.png' },
      files_count: 2,
    });
    expect((await packJsonOf('fresh')).files).toEqual({ fresh_a: 'fresh_a.png', fresh_b: 'sub/fresh_b.png' });
    expect(await packHistory(t, 'plain')).toEqual([
      {
        type: 'EmojiPackImported',
        data: { pack: 'plain', source: 'files', files: { firefox: 'firefox.png' } },
        actor: adminId,
      },
    ]);
    await changesNothing(t, async () => {
      expect((await http.get(`${V1}/packs/import`).set(auth)).body).toEqual([]);
    });
  });

  it('pages packs by folder name and counts them all', async () => {
    const res = await http.get(`${V1}/packs?page=2&page_size=2`);
    // blobs, cats, fresh, leaky, listed, plain, unshared
    expect(res.body.count).toBe(7);
    expect(Object.keys(res.body.packs)).toEqual(['fresh', 'leaky']);
    expect((await http.get(`${V1}/packs?page_size=abc`)).body.error).toBe(
      'page_size - Invalid integer. Got: "abc".',
    );
  });
});
