import type { Entity, Pleroma } from 'megalodon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import {
  expectComplete,
  expectCompleteAccount,
  expectCompleteStatus,
  pleroma,
  serveTestApp,
} from '../helpers/megalodon.js';
import { settled } from '../helpers/notifications.js';
import { usersWithTokens } from '../helpers/relationships.js';

/** Notifications and markers through megalodon's Pleroma driver, on a loopback port. */
let served: Awaited<ReturnType<typeof serveTestApp>>;
let t: TestApp;
let alice: Pleroma;
let bob: Pleroma;
let aliceToken: string;

beforeAll(async () => {
  served = await serveTestApp();
  t = served.t;
  const [a, b] = await usersWithTokens(t, ['alice', 'bob'] as const);
  alice = pleroma(served.baseUrl, a.token);
  bob = pleroma(served.baseUrl, b.token);
  aliceToken = a.token;
});
afterAll(() => served?.close());

/** Every field megalodon parses, down to the actor, the status and the reaction. */
function expectCompleteNotification(notification: Entity.Notification) {
  expectComplete(notification);
  expectCompleteAccount(notification.account!);
  if (notification.status) expectCompleteStatus(notification.status);
  if (notification.reaction) expectComplete(notification.reaction);
}

describe('megalodon (pleroma driver): notifications and markers', () => {
  let ids: string[];

  it('lists a follow, a mention, a favourite and a reaction, each parsed whole', async () => {
    const { data: status } = await alice.postStatus('Notify me', { visibility: 'public' });
    await bob.followAccount((await alice.verifyAccountCredentials()).data.id);
    await bob.postStatus(`@alice hello`, { visibility: 'public' });
    await bob.favouriteStatus(status.id);
    await bob.createEmojiReaction(status.id, '👍');
    await settled(t);
    const { data } = await alice.getNotifications();
    expect(data.map((n) => n.type)).toEqual(['reaction', 'favourite', 'mention', 'follow']);
    data.forEach(expectCompleteNotification);
    expect(data[0]!.reaction).toEqual({ count: 1, me: false, name: '👍' });
    expect(data[1]!.status!.id).toBe(status.id);
    expect(data[3]!.account!.username).toBe('bob');
    ids = data.map((n) => n.id);
  });

  it('filters with exclude_types and pages with max_id and limit', async () => {
    const { data: noFavourites } = await alice.getNotifications({ exclude_types: ['favourite', 'reaction'] });
    expect(noFavourites.map((n) => n.type)).toEqual(['mention', 'follow']);
    const { data: older } = await alice.getNotifications({ max_id: ids[1], limit: 1 });
    expect(older.map((n) => n.id)).toEqual([ids[2]]);
    const { data: one } = await alice.getNotification(ids[2]!);
    expectCompleteNotification(one);
    expect(one.type).toBe('mention');
  });

  it('reads one with readNotifications({ id }): Pleroma answers "ok", which megalodon turns into []', async () => {
    const { data, status } = await alice.readNotifications({ id: ids[3]! });
    expect([status, data]).toEqual([200, []]);
    const { data: markers } = await alice.getMarkers(['notifications']);
    expect(markers).toMatchObject({ notifications: { last_read_id: ids[3], unread_count: 3 } });
  });

  it('reads up to max_id over HTTP: megalodon’s max_id path expects the list Pleroma answered before 2021', async () => {
    // Pleroma now answers "ok" (§4.1), which megalodon's max_id branch cannot map.
    await expect(alice.readNotifications({ max_id: ids[1]! })).rejects.toThrow(TypeError);
    const { data: markers } = await alice.getMarkers(['notifications']);
    expect(markers).toMatchObject({ notifications: { last_read_id: ids[1], unread_count: 1 } });
    const raw = await fetch(`${served.baseUrl}/api/v1/pleroma/notifications/read`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${aliceToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ max_id: ids[0] }),
    });
    expect([raw.status, await raw.json()]).toEqual([200, 'ok']);
  });

  it('gets and saves the notifications marker with its unread_count', async () => {
    const before = (await alice.getMarkers(['notifications'])).data as Entity.Marker;
    expectComplete(before.notifications!);
    expect(before.notifications).toMatchObject({ last_read_id: ids[0], version: 0, unread_count: 0 });
    const saved = (await alice.saveMarkers({ notifications: { last_read_id: ids[2]! } }))
      .data as Entity.Marker;
    expectComplete(saved.notifications!);
    expect(saved.notifications).toMatchObject({ last_read_id: ids[2], version: 0, unread_count: 0 });
    expect(typeof saved.notifications!.updated_at).toBe('string');
  });

  it('dismisses one and clears the rest', async () => {
    await alice.dismissNotification(ids[0]!);
    expect((await alice.getNotifications()).data.map((n) => n.id)).toEqual(ids.slice(1));
    await alice.dismissNotifications();
    expect((await alice.getNotifications()).data).toEqual([]);
  });
});
