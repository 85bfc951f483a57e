import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { getAs, posted } from '../helpers/statuses.js';
import { BLOBCAT, BLOBFOX, HAPPY } from '../helpers/usedEmoji.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;

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

describe('custom emoji on statuses (§12.3 emojis)', () => {
  let status: Record<string, unknown> & { id: string };
  beforeAll(async () => {
    status = await posted(t, alice.token, {
      status: 'hello :blobfox: and :nosuchemoji: and :blobfox: again',
      spoiler_text: 'feeling :happy:',
    });
  });

  it('answers the post with the instance emoji used in text and spoiler, unknown ones left out', () => {
    expect(status.emojis).toEqual([BLOBFOX, HAPPY]);
    // The content keeps the shortcodes as typed.
    expect(status.content).toBe('hello :blobfox: and :nosuchemoji: and :blobfox: again');
    expect(status.spoiler_text).toBe('feeling :happy:');
  });

  it('shows the same emoji to every reader of the status and of the timelines', async () => {
    for (const token of [alice.token, bob.token, undefined]) {
      expect((await getAs(t, `/api/v1/statuses/${status.id}`, token)).body.emojis).toEqual([BLOBFOX, HAPPY]);
      const timeline = (await getAs(t, '/api/v1/timelines/public', token)).body as (typeof status)[];
      expect(timeline.find((s) => s.id === status.id)?.emojis).toEqual([BLOBFOX, HAPPY]);
    }
    const home = (await getAs(t, '/api/v1/timelines/home', alice.token)).body as (typeof status)[];
    expect(home.find((s) => s.id === status.id)?.emojis).toEqual([BLOBFOX, HAPPY]);
  });

  it('renders an empty list for a status without custom emoji', async () => {
    expect((await posted(t, bob.token, { status: 'plain: no emoji here :)' })).emojis).toEqual([]);
  });

  it('keeps the emoji fixed at post time when the pack is removed later', async () => {
    await rm(join(t.deps.emoji.directory, 'listed'), { recursive: true });
    await t.deps.emoji.reload();
    expect(t.deps.emoji.get('happy')).toBeUndefined();
    expect((await getAs(t, `/api/v1/statuses/${status.id}`)).body.emojis).toEqual([BLOBFOX, HAPPY]);
    expect((await posted(t, alice.token, { status: ':happy: :blobfox:' })).emojis).toEqual([BLOBFOX]);
  });
});
