import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { getAs, posted } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;

const emoji = (shortcode: string, path: string) => ({
  shortcode,
  url: `http://localhost:4000${path}`,
  static_url: `http://localhost:4000${path}`,
  visible_in_picker: false,
});
const BLOBCAT = emoji('blobcat', '/emoji/blobs/cats/blobcat.png');
const BLOBFOX = emoji('blobfox', '/emoji/blobs/blobfox.png');
const HAPPY = emoji('happy', '/emoji/listed/happy.png');

beforeAll(async () => {
  t = await createTestApp(); // with the fixture packs: blobfox, blobcat, firefox, happy, sad
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
});
afterAll(() => t.close());

const update = (changes: object) =>
  request(t.app)
    .patch('/api/v1/accounts/update_credentials')
    .set('Authorization', `Bearer ${alice.token}`)
    .send(changes);

describe('custom emoji on accounts (§12.1 emojis, Pleroma’s User.put_emoji)', () => {
  it('finds the instance emoji of the name and bio, unknown ones left out, sorted by shortcode', async () => {
    const res = await update({ display_name: 'Alice :happy:', note: 'I like :blobfox: and :nosuch:' });
    expect(res.status).toBe(200);
    expect(res.body.emojis).toEqual([BLOBFOX, HAPPY]);
    expect(res.body.display_name).toBe('Alice :happy:');
  });

  it('shows them to every reader, and on the account inside a status', async () => {
    for (const token of [bob.token, undefined]) {
      expect((await getAs(t, `/api/v1/accounts/${alice.account.id}`, token)).body.emojis).toEqual([
        BLOBFOX,
        HAPPY,
      ]);
    }
    const status = await posted(t, alice.token, { status: 'plain' });
    expect((await getAs(t, `/api/v1/statuses/${status.id}`, bob.token)).body.account.emojis).toEqual([
      BLOBFOX,
      HAPPY,
    ]);
  });

  it('finds them again in all three when the name, bio or fields change, and keeps them otherwise', async () => {
    const fields = await update({ fields_attributes: [{ name: 'pet', value: 'a :blobcat:' }] });
    expect(fields.body.emojis).toEqual([BLOBCAT, BLOBFOX, HAPPY]);
    const renamed = await update({ display_name: 'Alice' });
    expect(renamed.body.emojis).toEqual([BLOBCAT, BLOBFOX]);
    const locked = await update({ locked: true });
    expect(locked.body.emojis).toEqual([BLOBCAT, BLOBFOX]);
    const cleared = await update({ note: '', fields_attributes: [] });
    expect(cleared.body.emojis).toEqual([]);
  });
});
