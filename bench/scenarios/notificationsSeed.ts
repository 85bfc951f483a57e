import { randomUUID } from 'node:crypto';
import type { AccountEvent } from '../../src/domain/account/events.js';
import type { FavouriteEvent } from '../../src/domain/favourite/events.js';
import type { ReactionEvent } from '../../src/domain/reaction/events.js';
import type { RelationshipEvent } from '../../src/domain/relationship/events.js';
import { relationshipStream } from '../../src/domain/relationship/index.js';
import { eventId } from '../../src/domain/shared/ids.js';
import { contextUri, type StatusEvent } from '../../src/domain/status/index.js';
import { type EventStore, expect, type NewEvent } from '../../src/eventstore/eventStore.js';
import { accountRegistered, inParallel, seedMetadata } from '../lib/seed.js';

/** Accounts besides the home user; each causes PER_ACCOUNT notifications of the home user. */
export const OTHERS = 1_000;
/** A follow, four mentions, three favourites and two reactions. */
export const PER_ACCOUNT = 10;
const HOME_STATUSES = 50;
const APPENDERS = 8;

type Seeded = StatusEvent | FavouriteEvent | ReactionEvent | RelationshipEvent | AccountEvent;
interface Item {
  stream: string;
  event: Seeded;
  time: number;
  actor: string | null;
}

const recorded = (item: Item, key: string): NewEvent => ({
  id: eventId(`seed-${key}`),
  type: item.event.type,
  data: { ...item.event.data },
  metadata: seedMetadata(new Date(item.time).toISOString(), item.actor),
});

const statusId = (time: number, i: number) => ((BigInt(time) << 16n) | BigInt(i & 0xff)).toString();

function posted(
  id: string,
  author: string,
  text: string,
  mentions: { accountId: string; nickname: string }[],
  time: number,
  publicUrl: string,
): StatusEvent {
  return {
    type: 'StatusPosted',
    data: {
      statusId: id,
      objectId: randomUUID(),
      accountId: author,
      visibility: 'public',
      text,
      contentHtml: `<p>${text}</p>`,
      spoilerText: '',
      sensitive: false,
      inReplyToId: null,
      inReplyToAccountId: null,
      mentions,
      tags: [],
      language: 'en',
      context: contextUri(publicUrl, randomUUID()),
      postedAt: new Date(time).toISOString(),
      application: null,
      mediaIds: [],
      emojis: [],
      expiresAt: null,
    },
  };
}

/**
 * The home user, 50 statuses of theirs, and 1,000 accounts that each follow them, mention them four times,
 * favourite three of their statuses and react to two: 10,000 notifications, a tenth of a second apart, each
 * account's ten together, so every page mixes the types. Appended through the store, as the API would have.
 */
export async function seedNotifications(
  store: EventStore,
  publicUrl: string,
  log: (message: string) => void,
) {
  const accounts = Array.from({ length: OTHERS + 1 }, (_, i) => ({
    id: `${1000 + i}`,
    nickname: `user${i}`,
  }));
  const home = accounts[0]!;
  const others = accounts.slice(1);
  const registeredAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
  await inParallel(accounts, APPENDERS, async (a) => {
    const event = accountRegistered(a.id, a.nickname, registeredAt);
    const item = { stream: `account-${a.id}`, event, time: Date.parse(registeredAt), actor: null };
    await store.appendToStream(item.stream, [recorded(item, a.id)], expect.noStream);
  });
  const start = Date.now() - (OTHERS * PER_ACCOUNT + HOME_STATUSES + 10) * 1000;
  const homeStatuses = Array.from({ length: HOME_STATUSES }, (_, i) => statusId(start + i * 1000, i));
  await inParallel(homeStatuses, APPENDERS, async (id, i) => {
    const event = posted(id, home.id, `Home status ${i}`, [], start + i * 1000, publicUrl);
    const item = { stream: `status-${id}`, event, time: start + i * 1000, actor: home.id };
    await store.appendToStream(item.stream, [recorded(item, id)], expect.noStream);
  });
  const causes: Item[] = [];
  let time = start + HOME_STATUSES * 1000;
  for (const [k, other] of others.entries()) {
    for (let round = 0; round < PER_ACCOUNT; round++) {
      time += 1000 / PER_ACCOUNT;
      const t = Math.round(time);
      const onStatus = homeStatuses[(k + round) % HOME_STATUSES]!;
      if (round === 0) {
        const event: RelationshipEvent = {
          type: 'Followed',
          data: { followerId: other.id, followedId: home.id, showingReblogs: true },
        };
        causes.push({ stream: relationshipStream(other.id, home.id), event, time: t, actor: other.id });
      } else if (round <= 4) {
        const id = statusId(t, k);
        const mention = [{ accountId: home.id, nickname: home.nickname }];
        const event = posted(id, other.id, `@${home.nickname} hello number ${round}`, mention, t, publicUrl);
        causes.push({ stream: `status-${id}`, event, time: t, actor: other.id });
      } else if (round <= 7) {
        const event: FavouriteEvent = {
          type: 'StatusFavourited',
          data: { favouriteId: statusId(t, k), accountId: other.id, statusId: onStatus },
        };
        causes.push({ stream: `favourite-${other.id}_${onStatus}`, event, time: t, actor: other.id });
      } else {
        const emoji = round === 8 ? '👍' : '❤️';
        const event: ReactionEvent = {
          type: 'ReactionAdded',
          data: { reactionId: statusId(t, k), accountId: other.id, statusId: onStatus, emoji, url: null },
        };
        causes.push({ stream: `reaction-${other.id}_${onStatus}`, event, time: t, actor: other.id });
      }
    }
  }
  const started = performance.now();
  await inParallel(causes, APPENDERS, async (item, i) => {
    await store.appendToStream(item.stream, [recorded(item, `cause-${i}`)], expect.any);
    if (i > 0 && i % 2_500 === 0) log(`appended ${i} causes`);
  });
  log(`appended ${causes.length} causes in ${Math.round((performance.now() - started) / 100) / 10} s`);
  return home;
}
