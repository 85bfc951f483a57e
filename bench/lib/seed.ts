import { randomUUID } from 'node:crypto';
import type { AccountEvent } from '../../src/domain/account/events.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { NewEvent } from '../../src/eventstore/eventStore.js';

/** A fresh command context, as the API gives each request's command. */
export const commandContext = (actor: string | null = null) => ({
  commandId: randomUUID(),
  actor,
  correlationId: randomUUID(),
  causationId: null,
  time: new Date(),
});

/** Event metadata for seeded events; `time` is the moment the event claims to have happened. */
export const seedMetadata = (time: string, actor: string | null = null) => ({
  actor,
  correlationId: randomUUID(),
  causationId: null,
  time,
  schemaVersion: 1,
});

/**
 * Runs `work` over `items` from `concurrency` workers: seeding appends one stream at a time, and a few in
 * flight keep the pool busy without the ordering a single loop would impose.
 */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

/** The profile most scenarios give their accounts; pass another where a scenario seeds bare ones. */
export const BENCH_PROFILE = { displayName: 'User', note: 'A bench account', locale: 'en' } as const;
export const BARE_PROFILE = { displayName: null, note: '', locale: null } as const;

type Profile = { displayName: string | null; note: string; locale: string | null };

/**
 * An AccountRegistered for a seeded account, confirmed and approved, with no usable password (no bench
 * logs in with it). The bench profile's display name is `User <nickname>`.
 */
export function accountRegistered(
  accountId: string,
  nickname: string,
  registeredAt: string,
  profile: Profile = BENCH_PROFILE,
): Extract<AccountEvent, { type: 'AccountRegistered' }> {
  const displayName = profile === BENCH_PROFILE ? `User ${nickname}` : profile.displayName;
  return {
    type: 'AccountRegistered',
    data: {
      accountId,
      nickname,
      email: null,
      emailIndex: null,
      passwordHash: 'not-a-hash',
      confirmed: true,
      approved: true,
      locked: false,
      displayName,
      note: profile.note,
      locale: profile.locale,
      registeredAt,
    },
  };
}

/** A domain event as the store records it, with a deterministic id from `key` so a reseed would collide. */
export const seedEvent = (
  key: string,
  event: { type: string; data: object },
  time: string,
  actor: string | null = null,
): NewEvent => ({
  id: eventId(`seed-${key}`),
  ...event,
  data: { ...event.data },
  metadata: seedMetadata(time, actor),
});
