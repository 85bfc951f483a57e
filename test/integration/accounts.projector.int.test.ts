import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../src/domain/account/index.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { expect as expected } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { accountsProjector } from '../../src/projections/accounts/projector.js';
import { findAccountById, findAccountByNickname } from '../../src/projections/accounts/queries.js';
import { liveTables } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const time = '2024-05-01T10:00:00.000Z';
const alias = { accountId: '1', aliasAccountId: '2', apId: 'http://localhost:4000/users/bob' };
const history: AccountEvent[] = [
  {
    type: 'AccountRegistered',
    data: {
      accountId: '1',
      nickname: 'Alice',
      email: 'enc:v1:a:b:c',
      emailIndex: 'idx',
      passwordHash: 'enc:v1:d:e:f',
      confirmed: true,
      approved: true,
      locked: false,
      displayName: null,
      note: 'Hi <b>there</b>\nhttps://example.org',
      locale: 'en',
      registeredAt: time,
    },
  },
  {
    type: 'ProfileUpdated',
    data: {
      accountId: '1',
      changes: { displayName: 'Alice A.', fields: [{ name: 'site', value: 'x' }], locked: true },
    },
  },
  { type: 'AdminRoleGranted', data: { accountId: '1' } },
  { type: 'AliasAdded', data: alias },
  { type: 'AliasAdded', data: { ...alias, aliasAccountId: '3', apId: 'http://localhost:4000/users/carol' } },
  { type: 'AliasRemoved', data: alias },
];

describe('accounts projector', () => {
  let database: TestDatabase;
  let store: EventStore;
  let recorded: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const metadata = { actor: '1', correlationId: 'c', causationId: null, time, schemaVersion: 1 };
    await store.appendToStream(
      'account-1',
      history.map((event, i) => ({
        id: eventId('projector-test', i),
        ...event,
        data: { ...event.data },
        metadata,
      })),
      expected.noStream,
    );
    recorded = await store.readStream('account-1');
    await accountsProjector.createTables(database.db, liveTables);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const applyAll = () =>
    database.db.transaction(async (trx) => {
      for (const event of recorded) await accountsProjector.apply(trx, event, liveTables);
    });
  const rows = () => database.db('accounts').orderBy('id').select();

  it('projects the history into one row with what the Account entity needs', async () => {
    await applyAll();
    const account = await findAccountById(database.db, '1');
    expect(account).toMatchObject({
      nickname: 'Alice',
      displayName: 'Alice A.',
      note: 'Hi <b>there</b>\nhttps://example.org',
      noteHtml:
        'Hi &lt;b&gt;there&lt;/b&gt;<br/><a href="https://example.org" rel="ugc">https://example.org</a>',
      fields: [{ name: 'site', value: 'x' }],
      alsoKnownAs: [{ accountId: '3', apId: 'http://localhost:4000/users/carol' }],
      locked: true,
      isAdmin: true,
      isConfirmed: true,
      emailEncrypted: 'enc:v1:a:b:c',
      emailIndex: 'idx',
      createdAt: new Date(time),
    });
    expect((await findAccountByNickname(database.db, 'ALICE'))?.id).toBe('1');
  });

  it('leaves the same rows when the history is replayed', async () => {
    const first = await rows();
    await applyAll();
    expect(await rows()).toEqual(first);
  });

  it('keeps one alias entry when AliasAdded is delivered twice', async () => {
    const added = recorded.find((e) => e.type === 'AliasAdded' && e.data.aliasAccountId === '3')!;
    await database.db.transaction((trx) => accountsProjector.apply(trx, added, liveTables));
    expect((await findAccountById(database.db, '1'))?.alsoKnownAs).toHaveLength(1);
  });
});
