import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesNothing } from '../helpers/emojiPacks.js';
import { V1 } from '../helpers/emojiPacksApi.js';
import { a, type FakeAnswers, fakeRemote, type Instance, instance } from '../helpers/emojiPacksRemote.js';
import { rawZip } from '../helpers/zip.js';

/** Listing and downloading packs (§7.7, §7.8) of a stand-in remote: what is asked of it, and when it misbehaves. */

let here: Instance;
let fake: FakeAnswers;
let fakeUrl: string;
let closeFake: (() => Promise<void>) | undefined;

beforeAll(async () => {
  here = await instance('admin_here');
  ({ fake, url: fakeUrl, close: closeFake } = await fakeRemote());
});
afterAll(async () => {
  await here?.close();
  await closeFake?.();
});

const download = (body: Record<string, string>) => here.download(body);

describe('what a remote is asked', () => {
  it('for its pack list: the page asked for, 30 packs a page unless told (Pleroma’s remote_operation default)', async () => {
    fake.features = ['shareable_emoji_packs'];
    const list = (query: string) => here.http.get(`${V1}/packs/remote?url=${fakeUrl}${query}`).set(here.auth);
    expect((await list('')).body.asked).toEqual({ page: '1', page_size: '30' });
    expect((await list('&page=3&page_size=7')).body.asked).toEqual({ page: '3', page_size: '7' });
  });
});

describe('remotes that cannot or should not be trusted', () => {
  it('an instance without shareable_emoji_packs in its nodeinfo', async () => {
    fake.features = ['pleroma_api'];
    await changesNothing(here.t, async () => {
      const error = { error: 'The requested instance does not support sharing emoji packs' };
      const list = await here.http.get(`${V1}/packs/remote?url=${fakeUrl}`).set(here.auth);
      expect([list.status, list.body]).toEqual([500, error]);
      const res = await download({ url: fakeUrl, name: 'x' });
      expect([res.status, res.body]).toEqual([500, error]);
    });
  });

  it('a remote pack listing a file outside the pack', async () => {
    fake.features = ['shareable_emoji_packs'];
    const archive = rawZip([{ name: 'ok.png', data: a }]);
    const sha = createHash('sha256').update(archive).digest('hex').toUpperCase();
    fake.archive = archive;
    fake.pack = {
      files: { evil: '../../evil.png' },
      files_count: 1,
      pack: { 'share-files': true, 'can-download': true, 'download-sha256': sha },
    };
    await changesNothing(here.t, async () => {
      const res = await download({ url: fakeUrl, name: 'evil' });
      expect([res.status, res.body]).toEqual([
        502,
        { error: 'The remote pack lists an unsafe file: "../../evil.png"' },
      ]);
    });
  });

  it('a remote archive with an entry climbing out', async () => {
    const archive = rawZip([
      { name: 'ok.png', data: a },
      { name: '../../../evil.png', data: a },
    ]);
    fake.archive = archive;
    const sha = createHash('sha256').update(archive).digest('hex').toUpperCase();
    fake.pack = {
      files: { ok: 'ok.png' },
      files_count: 1,
      pack: { 'share-files': true, 'can-download': true, 'download-sha256': sha },
    };
    await changesNothing(here.t, async () => {
      const res = await download({ url: fakeUrl, name: 'slip' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^The archive was refused: its entry/);
    });
  });
});
