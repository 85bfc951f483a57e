import { createHash } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/emoji/packs/zip.js';
import { png } from '../fixtures/media/images.js';
import { changesNothing, packHistory } from '../helpers/emojiPacks.js';
import { kitty, type PackAdminApp, usePackAdminApp, V1 } from '../helpers/emojiPacksApi.js';

let { t, http, auth, adminId, packJsonOf, addFile, createPack } = {} as PackAdminApp;
usePackAdminApp((made) => ({ t, http, auth, adminId, packJsonOf, addFile, createPack } = made));
beforeAll(async () => {
  // The cats pack as emojiPacks.upload and emojiPacks.files leave it.
  await createPack('cats', {
    kitten: ['k/kitten.png', kitty],
    zipped_a: ['zipped_a.png', png(1, 1)],
    zipped_b: ['deep/zipped_b.png', png(2, 1)],
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

  it('casts the typed metadata fields as Pleroma’s update_request does, and refuses what does not cast', async () => {
    const cast = await http
      .patch(`${V1}/pack?name=cats`)
      .set(auth)
      .send({ metadata: { 'share-files': 'true', license: 'MIT', extra: 5 } });
    expect([cast.status, cast.body]).toEqual([200, { 'share-files': true, license: 'MIT', extra: 5 }]);
    await changesNothing(t, async () => {
      for (const metadata of [{ 'share-files': 'yes' }, { license: 5 }, { description: ['x'] }]) {
        const res = await http.patch(`${V1}/pack?name=cats`).set(auth).send({ metadata });
        expect(res.status, JSON.stringify(metadata)).toBe(400);
        expect(res.body.error).toMatch(/^metadata\.[a-z-]+ - Invalid (boolean|string)\. Got: /);
      }
    });
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
