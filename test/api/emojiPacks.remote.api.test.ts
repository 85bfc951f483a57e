import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../fixtures/media/images.js';
import {
  adminWithToken,
  changesNothing,
  createPackApp,
  type PackTestApp,
  packHistory,
} from '../helpers/emojiPacks.js';
import { rawZip } from '../helpers/zip.js';

/**
 * §7.7 and §7.8 between two Annals instances on real loopback ports (ALLOW_LOCAL_FETCH on, as only tests
 * and closed networks have it), plus a stand-in server for remotes that misbehave.
 */

interface Instance {
  t: PackTestApp;
  url: string;
  http: ReturnType<typeof request>;
  auth: { Authorization: string };
  adminId: string;
  server: Server;
}

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** An Annals instance listening on a loopback port, its PUBLIC_URL that address (nodeinfo links to it). */
async function instance(nickname: string): Promise<Instance> {
  let app: RequestListener = (_req, res) => res.writeHead(503).end();
  const { server, url } = await listen((req, res) => app(req, res));
  const t = await createPackApp({ env: { PUBLIC_URL: url, ALLOW_LOCAL_FETCH: 'true' } });
  app = t.app as unknown as RequestListener;
  const admin = await adminWithToken(t, nickname);
  return {
    t,
    url,
    http: request(url),
    auth: { Authorization: `Bearer ${admin.token}` },
    adminId: admin.account.id,
    server,
  };
}

const close = async (server: Server) => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
};

let here: Instance;
let there: Instance;
/** A stand-in remote: its nodeinfo and pack answers are whatever a test puts in `fake`. */
const fake: { features: string[]; pack?: unknown; archive?: Buffer } = { features: [] };
let fakeUrl: string;
let fakeServer: Server;
const V1 = '/api/v1/pleroma/emoji';

beforeAll(async () => {
  here = await instance('admin_here');
  there = await instance('admin_there');
  ({ server: fakeServer, url: fakeUrl } = await listen((req, res) => {
    const path = new URL(req.url!, fakeUrl).pathname;
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/.well-known/nodeinfo') return json({ links: [{ href: `${fakeUrl}/nodeinfo/2.1.json` }] });
    if (path === '/nodeinfo/2.1.json') return json({ metadata: { features: fake.features } });
    if (path === `${V1}/pack` && fake.pack) return json(fake.pack);
    if (path === `${V1}/packs/archive` && fake.archive) return void res.writeHead(200).end(fake.archive);
    res.writeHead(404).end('{"error":"Not found"}');
  }));
});
afterAll(async () => {
  for (const each of [here, there]) {
    if (!each) continue;
    await close(each.server);
    await each.t.close();
  }
  if (fakeServer) await close(fakeServer);
});

const download = (body: Record<string, string>) =>
  here.http.post(`${V1}/packs/download`).set(here.auth).send(body);
const addThere = (pack: string, shortcode: string, filename: string, bytes: Buffer) =>
  there.http
    .post(`${V1}/packs/files?name=${pack}`)
    .set(there.auth)
    .field('shortcode', shortcode)
    .field('filename', filename)
    .attach('file', bytes, 'upload.png')
    .expect(200);
const a = png(2, 2, [1, 2, 3]);
const b = png(1, 3, [4, 5, 6]);

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
