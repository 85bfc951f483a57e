import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { changesNothing, packHistory } from '../helpers/emojiPacks.js';
import { kitty, type PackAdminApp, tiger, usePackAdminApp, V1 } from '../helpers/emojiPacksApi.js';

let { t, http, auth, exists, createPack } = {} as PackAdminApp;
usePackAdminApp((made) => ({ t, http, auth, exists, createPack } = made));
beforeAll(async () => {
  // The uploads emojiPacks.upload adds, which these tests rename and remove.
  await createPack('cats', { kitty: ['sub/kitty.png', kitty], tiger: ['tiger.png', tiger] });
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
