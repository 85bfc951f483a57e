import { describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { EventFeed, nextBatch } from '../../src/projections/batch.js';
import { recordedEvent } from '../helpers/events.js';

const event = (position: number, type = 'Ours') => recordedEvent(BigInt(position), type);

const positions = (events: readonly RecordedEvent[] | undefined) => events?.map((e) => Number(e.position));

describe('the event feed of a runner', () => {
  it('hands a runner that kept up the events of its types reported since, and what they cover', () => {
    const feed = new EventFeed(new Set(['Ours']), 10, 10n);
    expect(feed.report(event(20), 10n)).toBe(true);
    expect(feed.report(event(30, 'Theirs'), 10n)).toBe(false);
    expect(feed.report(event(40), 10n)).toBe(true);
    const batch = feed.take(10n);
    expect(positions(batch?.events)).toEqual([20, 40]);
    expect(batch?.to).toBe(40n);
    // The feed goes on from where that batch ends.
    feed.report(event(50), 10n);
    expect(positions(feed.take(40n)?.events)).toEqual([50]);
  });

  it('starts only where the runner has accounted for every reported event', () => {
    const feed = new EventFeed(new Set(['Ours']), 10, 10n);
    // The runner stands at 5, behind the last reported position: it must read the store.
    expect(feed.report(event(20), 5n)).toBe(true);
    expect(feed.take(5n)).toBeUndefined();
    // A runner that never heard from the subscription cannot know what it missed.
    const fresh = new EventFeed(new Set(['Ours']), 10, undefined);
    expect(fresh.report(event(20), 10n)).toBe(true);
    expect(fresh.take(10n)).toBeUndefined();
  });

  it('is dropped for a runner standing anywhere but its start (a failed, refused or moved batch)', () => {
    const feed = new EventFeed(new Set(['Ours']), 10, 10n);
    feed.report(event(20), 10n);
    expect(feed.take(10n)?.to).toBe(20n);
    feed.report(event(30), 10n);
    // The batch up to 20 did not commit: the runner is still at 10, and 20 is not in the feed any more.
    expect(feed.take(10n)).toBeUndefined();
    expect(feed.take(20n)).toBeUndefined();
  });

  it('hands a busy runner the events queued meanwhile a batch at a time, each ending at its last event', () => {
    const feed = new EventFeed(new Set(['Ours']), 2, 10n);
    for (const position of [20, 30, 40]) feed.report(event(position), 10n);
    feed.report(event(50, 'Theirs'), 10n);
    const first = feed.take(10n);
    expect([positions(first?.events), first?.to]).toEqual([[20, 30], 30n]);
    const second = feed.take(30n);
    expect([positions(second?.events), second?.to]).toEqual([[40], 50n]);
  });

  it('breaks when more events queue up than it may hold, so the runner reads batches instead', () => {
    const feed = new EventFeed(new Set(['Ours']), 2, 10n, 3);
    feed.report(event(20), 10n);
    feed.report(event(30), 10n);
    feed.report(event(40), 10n);
    expect(feed.report(event(50), 10n)).toBe(true);
    expect(feed.take(10n)).toBeUndefined();
    // It resumes once the runner catches up with the last reported position.
    expect(feed.report(event(60), 50n)).toBe(true);
    expect(positions(feed.take(50n)?.events)).toEqual([60]);
  });

  it('lets the runner step past other types in memory only while nothing of its own is queued', () => {
    const feed = new EventFeed(new Set(['Ours']), 10, 10n);
    feed.report(event(20, 'Theirs'), 10n);
    expect(feed.idleUpTo(10n)).toBe(20n);
    feed.report(event(30), 20n);
    feed.report(event(40, 'Theirs'), 20n);
    expect(feed.idleUpTo(20n)).toBeUndefined();
    expect(positions(feed.take(20n)?.events)).toEqual([30]);
  });

  it('restarts at the last reported position for a runner about to read the store up to there', () => {
    const feed = new EventFeed(new Set(['Ours']), 10, 10n);
    feed.report(event(20), 5n);
    feed.restartAtReported();
    feed.report(event(30), 5n);
    expect(feed.take(5n)).toBeUndefined();
    feed.restartAtReported();
    feed.report(event(40), 5n);
    // The read ended at 30, the last reported position then: the feed holds what came after.
    expect(positions(feed.take(30n)?.events)).toEqual([40]);
  });

  it('lets a runner standing at the last reported position, with no feed yet, wait for the next report without reading', async () => {
    // The runner read the store up to 20 before the subscription reported 20 (so no feed started then).
    const feed = new EventFeed(new Set(['Ours']), 10, undefined);
    feed.report(event(20), 20n);
    const unread = {
      readAll: () => Promise.reject(new Error('read the store')),
      headPosition: () => Promise.reject(new Error('read the head')),
    } as unknown as EventStore;
    expect(await nextBatch(unread, { handles: ['Ours'] }, feed, 20n, 10)).toEqual({ events: [], to: 20n });
    feed.report(event(30), 20n);
    expect(positions((await nextBatch(unread, { handles: ['Ours'] }, feed, 20n, 10)).events)).toEqual([30]);
  });
});
