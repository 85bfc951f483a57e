import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import type { Notifier } from '../../src/eventstore/pgNotifier.js';
import {
  type Page,
  sharedPageReader,
  silentLogger,
  startPollingSubscription,
} from '../../src/eventstore/pollingSubscription.js';
import { recordedEvent } from '../helpers/events.js';

function countingReads() {
  const calls: bigint[] = [];
  const pending: ((page: Page) => void)[] = [];
  const readPage = (after: bigint) => {
    calls.push(after);
    return new Promise<Page>((resolve) => pending.push(resolve));
  };
  const answer = () => {
    for (const resolve of pending.splice(0)) resolve({ events: [], horizon: 100n, heldBack: false });
  };
  return { readPage, calls, answer };
}

describe('pages shared between subscriptions', () => {
  it('answers subscribers asking for the same page since the same wake-up with one read', async () => {
    const notifier = { generation: 1 };
    const { readPage, calls, answer } = countingReads();
    const read = sharedPageReader(readPage, notifier);
    const first = read(10n, 500);
    const second = read(10n, 500);
    expect(read(20n, 500)).not.toBe(first);
    expect(read(10n, 500, ['Only'])).not.toBe(first);
    answer();
    expect(await second).toBe(await first);
    expect(calls).toEqual([10n, 20n, 10n]);
  });

  it('never hands a subscriber woken after a read began that read, nor one that has ended', async () => {
    const notifier = { generation: 1 };
    const { readPage, calls, answer } = countingReads();
    const read = sharedPageReader(readPage, notifier);
    const before = read(10n, 500);
    notifier.generation += 1;
    const after = read(10n, 500);
    expect(after).not.toBe(before);
    answer();
    await Promise.all([before, after]);
    const later = read(10n, 500);
    expect(calls).toHaveLength(3);
    answer();
    await later;
  });
});

const notifier: Notifier = {
  listen: () => async () => undefined,
  ready: async () => undefined,
  announce: () => undefined,
  generation: 0,
  close: async () => undefined,
};

const recorded = (position: bigint) => recordedEvent(position);

describe('a subscriber waiting for held-back events', () => {
  it('looks again as soon as a transaction of this process ends, not at its next poll', async () => {
    const pages: Page[] = [
      { events: [], horizon: 100n, heldBack: true },
      { events: [recorded(150n)], horizon: 200n, heldBack: false },
    ];
    const reads: bigint[] = [];
    let delivered!: (event: RecordedEvent) => void;
    const arrived = new Promise<RecordedEvent>((resolve) => {
      delivered = resolve;
    });
    const subscription = startPollingSubscription(
      {
        readPage: async (after) => {
          reads.push(after);
          return pages.shift() ?? { events: [], horizon: 200n, heldBack: false };
        },
        notifier,
        logger: silentLogger,
        batchSize: 10,
        pollIntervalMs: 60_000,
        heldBackPollMs: 60_000,
      },
      { after: 0n, onEvent: async (event) => delivered(event) },
    );
    // The first read found events held back; the subscriber sleeps until the poll, a minute away.
    while (reads.length === 0) await new Promise((resolve) => setImmediate(resolve));
    subscription.recheck();
    expect((await arrived).position).toBe(150n);
    await subscription.stop();
  });
});
