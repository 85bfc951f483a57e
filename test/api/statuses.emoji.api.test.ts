import { rm } from 'node:fs/promises';
import { join } from 'node:path';
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
const BLOBFOX = emoji('blobfox', '/emoji/blobs/blobfox.png');
const HAPPY = emoji('happy', '/emoji/listed/happy.png');

beforeAll(async () => {
  t = await createTestApp(); // with the fixture packs: blobfox, blobcat, firefox, happy, sad
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
});
afterAll(() => t.close());

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
