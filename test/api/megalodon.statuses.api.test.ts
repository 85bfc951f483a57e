import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { type Entity, Pleroma } from 'megalodon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** Posting, reacting, favouriting and reading timelines through megalodon's Pleroma driver, on a loopback port. */
const generator = (_sns: 'pleroma', url: string, token: string | null = null) => new Pleroma(url, token);
let server: Server;
let baseUrl: string;
let t: TestApp;
let alice: Pleroma;
let bob: Pleroma;
let bobId: string;

beforeAll(async () => {
  let handler: Express | undefined;
  server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({ env: { PUBLIC_URL: baseUrl } });
  handler = t.app;
  const [a, b] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
  alice = generator('pleroma', baseUrl, a.token);
  bob = generator('pleroma', baseUrl, b.token);
  bobId = b.account.id;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t?.close();
});

/**
 * Account fields megalodon's Pleroma converter reads but Pleroma itself never renders (§12.1 has none of
 * them): they are undefined against a real Pleroma too.
 */
const NOT_RENDERED_BY_PLEROMA = ['noindex', 'suspended', 'limited', 'discoverable'];

function expectCompleteAccount(account: Entity.Account) {
  const missing = Object.entries(account).filter(
    ([key, value]) => value === undefined && !NOT_RENDERED_BY_PLEROMA.includes(key),
  );
  expect(missing.map(([key]) => key)).toEqual([]);
  for (const emoji of account.emojis) expectComplete(emoji);
}

function expectComplete(entity: object) {
  const missing = Object.entries(entity).filter(([, value]) => value === undefined);
  expect(missing.map(([key]) => key)).toEqual([]);
}

/** Every field megalodon's status converter reads is there, down to the author and each reaction. */
function expectCompleteStatus(status: Entity.Status) {
  expectComplete(status);
  expect(status.plain_content).not.toBeNull();
  expectCompleteAccount(status.account);
  for (const reaction of status.emoji_reactions) expectComplete(reaction);
}

describe('megalodon (pleroma driver): statuses, reactions, favourites, timelines', () => {
  let statusId: string;

  it('posts a status and parses it whole', async () => {
    const { data } = await alice.postStatus('Hello from megalodon #annals', { visibility: 'public' });
    const status = data as Entity.Status;
    expectCompleteStatus(status);
    expect(status).toMatchObject({
      plain_content: 'Hello from megalodon #annals',
      visibility: 'public',
      emoji_reactions: [],
    });
    statusId = status.id;
  });

  it('reacts with unicode and custom emoji, and reads the reactions back', async () => {
    const { data: reacted } = await bob.createEmojiReaction(statusId, '👍');
    expectCompleteStatus(reacted);
    expect(reacted.emoji_reactions).toEqual([{ count: 1, me: true, name: '👍', accounts: [bobId] }]);

    const { data: custom } = await alice.createEmojiReaction(statusId, ':blobfox:');
    expectCompleteStatus(custom);
    const url = `${baseUrl}/emoji/blobs/blobfox.png`;
    expect(custom.emoji_reactions[1]).toMatchObject({ name: 'blobfox', url, static_url: url, me: true });

    const { data: reactions } = await alice.getEmojiReactions(statusId);
    expect(reactions.map((r) => [r.name, r.count, r.me])).toEqual([
      ['👍', 1, false],
      ['blobfox', 1, true],
    ]);
    for (const reaction of reactions) {
      expectComplete(reaction);
      for (const account of reaction.accounts as Entity.Account[]) expectCompleteAccount(account);
    }
    expect((reactions[0]!.accounts as Entity.Account[])[0]!.username).toBe('bob');
  });

  it('reads one emoji’s reactions as Pleroma answers them: a list (megalodon expects one object)', async () => {
    await expect(alice.getEmojiReaction(statusId, '👍')).resolves.toBeDefined();
    const raw = await fetch(`${baseUrl}/api/v1/pleroma/statuses/${statusId}/reactions/${encodeURI('👍')}`);
    const body = (await raw.json()) as { name: string; count: number }[];
    expect(body).toMatchObject([{ name: '👍', count: 1, me: false }]);
  });

  it('removes a reaction', async () => {
    const { data } = await bob.deleteEmojiReaction(statusId, '👍');
    expectCompleteStatus(data);
    expect(data.emoji_reactions.map((r) => r.name)).toEqual(['blobfox']);
  });

  it('favourites, lists favourites and unfavourites', async () => {
    const { data: favourited } = await bob.favouriteStatus(statusId);
    expectCompleteStatus(favourited);
    expect(favourited).toMatchObject({ favourited: true, favourites_count: 1 });
    const { data: favourites } = await bob.getFavourites({ limit: 5 });
    expect(favourites.map((s) => s.id)).toEqual([statusId]);
    favourites.forEach(expectCompleteStatus);
    const { data: unfavourited } = await bob.unfavouriteStatus(statusId);
    expect(unfavourited).toMatchObject({ favourited: false, favourites_count: 0 });
  });

  it('reads the home and public timelines with reactions in every status', async () => {
    const { data: home } = await alice.getHomeTimeline({ limit: 10 });
    expect(home.map((s) => s.id)).toContain(statusId);
    home.forEach(expectCompleteStatus);
    const { data: local } = await bob.getPublicTimeline({ only_media: false, limit: 10 });
    const mine = local.find((s) => s.id === statusId)!;
    expectCompleteStatus(mine);
    expect(mine.emoji_reactions).toMatchObject([{ name: 'blobfox', count: 1, me: false }]);
  });

  it('lists the instance custom emoji', async () => {
    const { data } = await alice.getInstanceCustomEmojis();
    expect(data.map((e) => e.shortcode)).toContain('blobfox');
    data.forEach(expectComplete);
  });
});
