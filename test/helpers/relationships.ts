import { randomUUID } from 'node:crypto';
import type { AccountRegistered } from '../../src/domain/account/index.js';
import { type Followed, relationshipStream } from '../../src/domain/relationship/index.js';
import { eventId } from '../../src/domain/shared/ids.js';
import { type EventStore, expect as expected, type NewEvent } from '../../src/eventstore/eventStore.js';
import { forEachLimited } from '../../src/processes/pool.js';
import { ACCOUNTS_PROJECTOR } from '../../src/projections/accounts/projector.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { userWithToken } from './accounts.js';
import type { TestApp } from './app.js';

const metadata = () => ({
  actor: null,
  correlationId: randomUUID(),
  causationId: null,
  time: new Date().toISOString(),
  schemaVersion: 1,
});

const newEvent = (type: string, data: object): NewEvent => ({
  id: eventId(randomUUID()),
  type,
  data: { ...data },
  metadata: metadata(),
});

/** Appends to fresh streams, a few at a time, and answers the last position. */
async function appendAll(store: EventStore, items: [string, NewEvent][]): Promise<bigint> {
  let last = 0n;
  await forEachLimited(items, 4, async ([stream, event]) => {
    const { position } = await store.appendToStream(stream, [event], expected.noStream);
    if (position > last) last = position;
  });
  return last;
}

/**
 * Local accounts registered straight through the store (no password hashing: they never log in), many at
 * once; answers their ids in order, once the accounts read model has them.
 */
export async function seedAccounts<const Names extends readonly string[]>(
  t: TestApp,
  nicknames: Names,
): Promise<{ [K in keyof Names]: string }> {
  const ids = nicknames.map(() => t.deps.ids.next());
  const registeredAt = new Date().toISOString();
  const items = nicknames.map((nickname, i): [string, NewEvent] => {
    const data: AccountRegistered['data'] = {
      accountId: ids[i]!,
      nickname,
      email: null,
      emailIndex: null,
      passwordHash: 'not-a-hash',
      confirmed: true,
      approved: true,
      locked: false,
      displayName: null,
      note: '',
      locale: null,
      registeredAt,
    };
    return [`account-${ids[i]}`, newEvent('AccountRegistered', data)];
  });
  await t.engine.waitFor([ACCOUNTS_PROJECTOR], await appendAll(t.deps.eventStore, items));
  return ids as { [K in keyof Names]: string };
}

export type User = Awaited<ReturnType<typeof userWithToken>>;

/** Users with tokens (userWithToken), registered together; typed as a tuple for destructuring. */
export async function usersWithTokens<const Names extends readonly string[]>(
  t: TestApp,
  nicknames: Names,
): Promise<{ [K in keyof Names]: User }> {
  const users = await Promise.all(nicknames.map((nickname) => userWithToken(t, nickname)));
  return users as { [K in keyof Names]: User };
}

/** Each of `followerIds` follows `followedId` (fresh pairs), once the relationships read model has it. */
export async function seedFollows(
  t: TestApp,
  followerIds: readonly string[],
  followedId: string,
): Promise<void> {
  const items = followerIds.map((followerId): [string, NewEvent] => {
    const data: Followed['data'] = { followerId, followedId, showingReblogs: true };
    return [relationshipStream(followerId, followedId), newEvent('Followed', data)];
  });
  await t.engine.waitFor([RELATIONSHIPS_PROJECTOR], await appendAll(t.deps.eventStore, items));
}

/** The last position stored (not the head, which stops short of events a running transaction hides). */
export async function lastPosition(t: TestApp): Promise<bigint> {
  const { rows } = await t.database.db.raw('select max(position)::text as position from events');
  return BigInt(rows[0].position ?? 0);
}

/**
 * Every stored event of these types, read from the table itself: unlike readAll, it does not stop short of
 * events that transactions still running elsewhere (projections) keep from the store's readers.
 */
export async function storedEvents(t: TestApp, types: readonly string[]) {
  const rows: { type: string; data: Record<string, unknown>; stream: string }[] = await t.database
    .db('events')
    .whereIn('type', [...types])
    .orderBy('position')
    .select('type', 'data', 'stream');
  return rows;
}
