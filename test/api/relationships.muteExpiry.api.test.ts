import { describe, expect, it } from 'vitest';
import { notificationsOf } from '../helpers/notifications.js';
import {
  type RelationshipsApp,
  relationshipRequests,
  useRelationshipsApp,
} from '../helpers/relationshipsApi.js';
import { posted } from '../helpers/statuses.js';

/**
 * A mute with a `duration` ends by itself (Pleroma's MuteExpireWorker unmutes at its time): afterwards the muted
 * account is as if never muted. The app's clock is set back while muting, so the mute has already ended when
 * the test reads, with no waiting.
 */

let behindMs = 0;
const clock = () => new Date(Date.now() - behindMs);
let { t, alice, bob, carol } = {} as RelationshipsApp;
useRelationshipsApp((made) => ({ t, alice, bob, carol } = made), { deps: { clock } });

const { get, act, relationship } = relationshipRequests(() => t);
const HOUR_MS = 3_600_000;

/** `muter` mutes `muted` for an hour, starting `hoursAgo` hours ago. */
async function muteFrom(hoursAgo: number, muter = bob, muted = alice) {
  behindMs = hoursAgo * HOUR_MS;
  try {
    expect((await act(muter, muted, 'mute', { duration: 3600 })).status).toBe(200);
  } finally {
    behindMs = 0;
  }
}

describe('a mute whose duration has run out', () => {
  it('shows in no relationship and no mute list', async () => {
    await muteFrom(2);
    expect(await relationship(bob, alice)).toMatchObject({ muting: false, muting_notifications: false });
    expect((await get(bob, '/api/v1/mutes')).body).toEqual([]);
  });

  it("hides neither the account's statuses nor its notifications", async () => {
    await act(bob, alice, 'follow');
    await muteFrom(2);
    const status = await posted(t, alice.token, { status: '@bob back in view' });
    const home = (await get(bob, '/api/v1/timelines/home')).body;
    expect(home.find((s: { id: string }) => s.id === status.id)).toMatchObject({ muted: false });
    const notifications = await notificationsOf(t, bob);
    expect(notifications.map((n) => n.status?.id)).toContain(status.id);
  });

  it('differs from one still in force, which mutes (the control)', async () => {
    await muteFrom(0.5, carol, alice);
    expect(await relationship(carol, alice)).toMatchObject({ muting: true });
    const mutes = (await get(carol, '/api/v1/mutes')).body;
    expect(mutes.map((a: { id: string }) => a.id)).toEqual([alice.account.id]);
  });
});
