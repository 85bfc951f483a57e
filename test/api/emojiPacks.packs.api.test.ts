import { describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { adminWithToken, changesNothing, packHistory } from '../helpers/emojiPacks.js';
import { type PackAdminApp, tiger, usePackAdminApp, V1 } from '../helpers/emojiPacksApi.js';

let { t, http, auth, adminId, packJsonOf, addFile, exists } = {} as PackAdminApp;
usePackAdminApp((made) => ({ t, http, auth, adminId, packJsonOf, addFile, exists } = made));

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
