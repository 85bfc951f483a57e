import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesNothing, packHistory } from '../helpers/emojiPacks.js';
import { V1 } from '../helpers/emojiPacksApi.js';
import { a, b, type Instance, instance } from '../helpers/emojiPacksRemote.js';

/** Downloading packs (§7.7, §7.8) from another Annals instance, as shared packs and through fallback-src. */

let here: Instance;
let there: Instance;

beforeAll(async () => {
  here = await instance('admin_here');
  there = await instance('admin_there');
});
afterAll(async () => {
  for (const each of [here, there]) await each?.close();
});

const download = (body: Record<string, string>) => here.download(body);
const addThere = (pack: string, shortcode: string, filename: string, bytes: Buffer) =>
  there.http
    .post(`${V1}/packs/files?name=${pack}`)
    .set(there.auth)
    .field('shortcode', shortcode)
    .field('filename', filename)
    .attach('file', bytes, 'upload.png')
    .expect(200);

describe('a shared pack on another Annals', () => {
  beforeAll(async () => {
    await there.http.post(`${V1}/pack?name=shared`).set(there.auth).expect(200);
    await addThere('shared', 'shared_a', 'a.png', a);
    await addThere('shared', 'shared_b', 'sub/b.png', b);
    const metadata = { 'share-files': true, license: 'CC0', description: 'from there' };
    await there.http.patch(`${V1}/pack?name=shared`).set(there.auth).send({ metadata }).expect(200);
  });

  it('is listed through this instance exactly as the remote lists it', async () => {
    const res = await here.http.get(`${V1}/packs/remote?url=${there.url}&page=1&page_size=10`).set(here.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await there.http.get(`${V1}/packs?page=1&page_size=10`)).body);
    expect(res.body.packs.shared.pack['can-download']).toBe(true);
  });

  it('downloads `as` another name: files, pack.json, emoji reloaded, and the history', async () => {
    const res = await download({ url: there.url, name: 'shared', as: 'mirror' });
    expect([res.status, res.body]).toEqual([200, 'ok']);
    const dir = join(here.t.emojiDir, 'mirror');
    expect(await readFile(join(dir, 'a.png'))).toEqual(a);
    expect(await readFile(join(dir, 'sub/b.png'))).toEqual(b);
    const shown = (await here.http.get(`${V1}/pack?name=mirror`)).body;
    expect(shown.files).toEqual({ shared_a: 'a.png', shared_b: 'sub/b.png' });
    expect(shown.pack).toMatchObject({ 'share-files': true, license: 'CC0', description: 'from there' });
    expect((await here.http.get(V1)).body.shared_b).toEqual({
      image_url: '/emoji/mirror/sub/b.png',
      tags: ['pack:mirror'],
    });
    const remoteSha = (await there.http.get(`${V1}/pack?name=shared`)).body.pack['download-sha256'];
    expect(await packHistory(here.t, 'mirror')).toEqual([
      {
        type: 'EmojiPackDownloaded',
        data: {
          pack: 'mirror',
          url: `${there.url}/api/v1/pleroma/emoji/packs/archive?name=shared`,
          remoteName: 'shared',
          archiveSha256: remoteSha,
          fallback: false,
          files: { shared_a: 'a.png', shared_b: 'sub/b.png' },
          metadata: { 'share-files': true, license: 'CC0', description: 'from there' },
        },
        actor: here.adminId,
      },
    ]);
  });

  it('downloads under the remote name without `as`, and refuses a name taken here', async () => {
    expect((await download({ url: there.url, name: 'shared' })).status).toBe(200);
    await changesNothing(here.t, async () => {
      const res = await download({ url: there.url, name: 'shared', as: 'mirror' });
      expect([res.status, res.body]).toEqual([409, { error: 'A pack named "mirror" already exists' }]);
    });
  });

  it('refuses a pack that is neither shared nor has a fallback', async () => {
    await there.http.post(`${V1}/pack?name=private`).set(there.auth).expect(200);
    await changesNothing(here.t, async () => {
      const res = await download({ url: there.url, name: 'private' });
      expect([res.status, res.body]).toEqual([
        500,
        { error: 'The pack was not set as shared and there is no fallback src to download from' },
      ]);
    });
  });
});

describe('a pack with a fallback-src', () => {
  const sharedArchive = () => `${there.url}/api/v1/pleroma/emoji/packs/archive?name=shared`;

  it('gets its fallback-src-sha256 from the archive, which must hold every file', async () => {
    await there.http.post(`${V1}/pack?name=fb`).set(there.auth).expect(200);
    await addThere('fb', 'fb_a', 'a.png', a);
    const res = await there.http
      .patch(`${V1}/pack?name=fb`)
      .set(there.auth)
      .send({ metadata: { 'fallback-src': sharedArchive() } });
    const sha = (await there.http.get(`${V1}/pack?name=shared`)).body.pack['download-sha256'];
    expect([res.status, res.body]).toEqual([
      200,
      { 'fallback-src': sharedArchive(), 'fallback-src-sha256': sha },
    ]);

    await there.http.post(`${V1}/pack?name=fb_bad`).set(there.auth).expect(200);
    await addThere('fb_bad', 'fb_bad_z', 'zzz.png', a);
    const bad = await there.http
      .patch(`${V1}/pack?name=fb_bad`)
      .set(there.auth)
      .send({ metadata: { 'fallback-src': sharedArchive() } });
    expect([bad.status, bad.body]).toEqual([
      400,
      { error: 'The fallback archive does not have all files specified in pack.json' },
    ]);
  });

  it('is downloaded from its fallback-src', async () => {
    const res = await download({ url: there.url, name: 'fb' });
    expect(res.status).toBe(200);
    expect((await here.http.get(`${V1}/pack?name=fb`)).body.files).toEqual({ fb_a: 'a.png' });
    expect(await readFile(join(here.t.emojiDir, 'fb/a.png'))).toEqual(a);
    expect((await here.t.deps.eventStore.readStream('emoji-pack-fb'))[0]?.data).toMatchObject({
      url: sharedArchive(),
      fallback: true,
    });
  });

  it('is refused when the archive’s SHA-256 is not the one the remote announces', async () => {
    const packJson = join(there.t.emojiDir, 'fb', 'pack.json');
    const json = JSON.parse(await readFile(packJson, 'utf8'));
    json.pack['fallback-src-sha256'] = '0'.repeat(64);
    await writeFile(packJson, JSON.stringify(json));
    await changesNothing(here.t, async () => {
      const res = await download({ url: there.url, name: 'fb', as: 'fb_copy' });
      expect([res.status, res.body]).toEqual([
        500,
        { error: "SHA256 for the pack doesn't match the one sent by the server" },
      ]);
    });
  });
});
