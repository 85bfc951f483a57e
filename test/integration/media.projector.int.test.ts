import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../src/domain/account/index.js';
import type { MediaEvent } from '../../src/domain/media/index.js';
import type { ScrobbleEvent } from '../../src/domain/scrobble/index.js';
import type { DomainEvent } from '../../src/domain/shared/decider.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { expect as expected } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { accountsProjector } from '../../src/projections/accounts/projector.js';
import { findAccountById } from '../../src/projections/accounts/queries.js';
import { mediaProjector } from '../../src/projections/media/projector.js';
import { findAttachmentsByIds, findMediaById } from '../../src/projections/media/queries.js';
import { DEFAULT_PAGE } from '../../src/projections/pagination.js';
import { liveTables, type Projector } from '../../src/projections/projector.js';
import { scrobblesProjector } from '../../src/projections/scrobbles/projector.js';
import { accountListens } from '../../src/projections/scrobbles/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { untilVisible } from '../helpers/projectors.js';

const time = (n: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, n)).toISOString();
const image = (key: string) => ({ key, url: `http://localhost:4000/media/${key}`, mimeType: 'image/png' });
const uploaded = (mediaId: string, ownerId: string, n: number): MediaEvent => ({
  type: 'MediaUploaded',
  data: {
    mediaId,
    ownerId,
    key: `${mediaId}.png`,
    url: `http://localhost:4000/media/${mediaId}.png`,
    mimeType: 'image/png',
    size: 68,
    meta: { width: 3, height: 2 },
    description: null,
    focus: { x: 0.5, y: -0.25 },
    uploadedAt: time(n),
  },
});
const listened = (
  listenId: string,
  visibility: 'public' | 'private' | 'direct' | 'unlisted',
): ScrobbleEvent => ({
  type: 'ListenRecorded',
  data: {
    listenId,
    accountId: 'alice',
    title: `song ${listenId}`,
    artist: null,
    album: null,
    length: 1000,
    externalLink: null,
    visibility,
    recordedAt: time(Number(listenId)),
  },
});
const history: [string, DomainEvent][] = [
  [
    'account-alice',
    {
      type: 'AccountRegistered',
      data: {
        accountId: 'alice',
        nickname: 'alice',
        email: null,
        emailIndex: null,
        passwordHash: 'enc:v1:x',
        confirmed: true,
        approved: true,
        locked: false,
        displayName: null,
        note: '',
        locale: null,
        registeredAt: time(0),
      },
    } satisfies AccountEvent,
  ],
  ['media-100', uploaded('100', 'alice', 1)],
  ['media-200', uploaded('200', 'bob', 2)],
  ['media-300', uploaded('300', 'alice', 3)],
  [
    'media-100',
    { type: 'MediaDescriptionUpdated', data: { mediaId: '100', ownerId: 'alice', description: 'cat' } },
  ],
  ['listen-1', listened('1', 'public')],
  ['listen-2', listened('2', 'private')],
  ['listen-3', listened('3', 'unlisted')],
  ['listen-4', listened('4', 'direct')],
  [
    'account-alice',
    {
      type: 'ProfileImagesChanged',
      data: { accountId: 'alice', changes: { avatar: image('a.png'), header: image('h.png') } },
    } satisfies AccountEvent,
  ],
  [
    'account-alice',
    { type: 'ProfileImagesChanged', data: { accountId: 'alice', changes: { header: null } } },
  ],
  [
    'account-alice',
    {
      type: 'MascotChanged',
      data: { accountId: 'alice', mascot: { id: '9', ...image('m.png'), width: 3, height: 2 } },
    },
  ],
];

describe('media, scrobbles and picture projections', () => {
  let database: TestDatabase;
  let store: EventStore;
  const projectors: Projector[] = [accountsProjector, mediaProjector, scrobblesProjector];
  const recorded = new Map<Projector, RecordedEvent[]>();

  const applyAll = () =>
    database.db.transaction(async (trx) => {
      for (const projector of projectors) {
        for (const event of recorded.get(projector)!) await projector.apply(trx, event, liveTables);
      }
    });
  const snapshot = async () => ({
    media: await database.db('media').orderBy('id').select(),
    scrobbles: await database.db('scrobbles').orderBy('id').select(),
    accounts: await database.db('accounts').select('id', 'avatar', 'header', 'background', 'mascot'),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const metadata = { actor: null, correlationId: 'c', causationId: null, time: time(0), schemaVersion: 1 };
    let last = 0n;
    for (const [i, [stream, event]] of history.entries()) {
      const existing = await store.readStream(stream);
      const data = { ...event.data } as Record<string, unknown>;
      ({ position: last } = await store.appendToStream(
        stream,
        [{ id: eventId('media-projector-test', i), type: event.type, data, metadata }],
        existing.length === 0 ? expected.noStream : expected.revision(existing.length - 1),
      ));
    }
    await untilVisible(store, last); // another test file's open transaction can hold the newest back
    for (const projector of projectors) {
      await projector.createTables(database.db, liveTables);
      recorded.set(projector, await store.readAll({ eventTypes: projector.handles }));
    }
    await applyAll();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('leaves the same rows when the whole history is applied again', async () => {
    const first = await snapshot();
    await applyAll();
    expect(await snapshot()).toEqual(first);
    expect(first.media).toHaveLength(3);
    expect(first.scrobbles).toHaveLength(4);
  });

  it('reads an upload back with its size, focus and latest description', async () => {
    expect(await findMediaById(database.db, '100')).toMatchObject({
      id: '100',
      ownerId: 'alice',
      key: '100.png',
      mimeType: 'image/png',
      size: 68,
      width: 3,
      height: 2,
      description: 'cat',
      focus: { x: 0.5, y: -0.25 },
    });
    expect(await findMediaById(database.db, 'not-an-id')).toBeUndefined();
  });

  it('finds the owner’s attachments in the order asked, leaving out others’ and unknown ids', async () => {
    const found = await findAttachmentsByIds(database.db, ['300', '200', 'x', '999', '100', '300'], 'alice');
    expect(found.map((m) => m.id)).toEqual(['300', '100']);
    expect(await findAttachmentsByIds(database.db, [], 'alice')).toEqual([]);
  });

  it('lists listens newest first, showing others only the public and unlisted ones', async () => {
    const ids = async (viewer: string | null, page = DEFAULT_PAGE) =>
      (await accountListens(database.db, 'alice', viewer, page)).map((l) => l.id);
    expect(await ids('alice')).toEqual(['4', '3', '2', '1']);
    expect(await ids('bob')).toEqual(['3', '1']);
    expect(await ids(null)).toEqual(['3', '1']);
    expect(await ids('alice', { limit: 2, maxId: '4' })).toEqual(['3', '2']);
    expect(await ids('alice', { limit: 2, minId: '1' })).toEqual(['3', '2']);
  });

  it('keeps the account’s pictures: set, cleared and the mascot', async () => {
    const account = await findAccountById(database.db, 'alice');
    expect(account).toMatchObject({
      avatar: image('a.png'),
      header: null,
      background: null,
      mascot: { id: '9', key: 'm.png', width: 3, height: 2 },
    });
  });
});
