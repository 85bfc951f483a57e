import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../src/domain/account/index.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { expect as expected } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { accountsProjector } from '../../src/projections/accounts/projector.js';
import { findAccountById } from '../../src/projections/accounts/queries.js';
import { aliasesProjector } from '../../src/projections/aliases/projector.js';
import { liveTables } from '../../src/projections/projector.js';
import { settingsProjector } from '../../src/projections/settings/projector.js';
import { findSealedSettings } from '../../src/projections/settings/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const time = '2024-05-01T10:00:00.000Z';
const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: '1',
    nickname: 'alice',
    email: 'enc:v1:a:b:c',
    emailIndex: 'idx',
    passwordHash: 'enc:v1:d:e:f',
    confirmed: false,
    approved: true,
    locked: false,
    displayName: 'Alice',
    note: 'bio',
    locale: 'en',
    registeredAt: time,
  },
};
const settings = (app: string, value: string | null): AccountEvent => ({
  type: 'SettingsUpdated',
  data: { accountId: '1', app, patch: 'enc:v1:p:p:p', value },
});

/** Every lifecycle fact up to the purge, replayed twice through each projector that handles it. */
const beforeDeletion: AccountEvent[] = [
  registered,
  { type: 'ConfirmationRequested', data: { accountId: '1', tokenHash: 'h' } },
  { type: 'AccountConfirmed', data: { accountId: '1' } },
  { type: 'PasswordChanged', data: { accountId: '1', passwordHash: 'enc:v1:n:e:w' } },
  { type: 'EmailChanged', data: { accountId: '1', email: 'enc:v1:x:y:z', emailIndex: 'idx2' } },
  {
    type: 'AliasAdded',
    data: { accountId: '1', aliasAccountId: '2', apId: 'http://localhost:4000/users/bob' },
  },
  settings('fe', 'enc:v1:v1:v1:v1'),
  settings('other', 'enc:v1:o:o:o'),
  settings('fe', 'enc:v1:v2:v2:v2'),
  settings('other', null),
];
const deletion: AccountEvent[] = [
  { type: 'AccountDisabled', data: { accountId: '1' } },
  { type: 'AccountDeleted', data: { accountId: '1', nickname: 'alice', emailIndex: 'idx2' } },
];

describe('lifecycle events in the read models', () => {
  let database: TestDatabase;
  let store: EventStore;
  let recorded: RecordedEvent[];
  const projectors = [accountsProjector, aliasesProjector, settingsProjector];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const metadata = { actor: '1', correlationId: 'c', causationId: null, time, schemaVersion: 1 };
    await store.appendToStream(
      'account-1',
      [...beforeDeletion, ...deletion].map((event, i) => ({
        id: eventId('lifecycle-projector-test', i),
        ...event,
        data: { ...event.data },
        metadata,
      })),
      expected.noStream,
    );
    recorded = await store.readStream('account-1');
    for (const projector of projectors) await projector.createTables(database.db, liveTables);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const apply = (events: RecordedEvent[]) =>
    database.db.transaction(async (trx) => {
      for (const event of events) {
        for (const projector of projectors) {
          if (projector.handles.includes(event.type)) await projector.apply(trx, event, liveTables);
        }
      }
    });
  const snapshot = async () => ({
    accounts: await database.db('accounts').select(),
    aliases: await database.db('account_aliases').select(),
    settings: await database.db('account_settings').orderBy('app').select(),
  });

  it('projects credentials, confirmation and the settings store, the same when replayed', async () => {
    const live = recorded.slice(0, beforeDeletion.length);
    await apply(live);
    const once = await snapshot();
    await apply(live);
    expect(await snapshot()).toEqual(once);
    expect(await findAccountById(database.db, '1')).toMatchObject({
      isConfirmed: true,
      passwordHashEncrypted: 'enc:v1:n:e:w',
      emailEncrypted: 'enc:v1:x:y:z',
      emailIndex: 'idx2',
      isActive: true,
    });
    expect(Object.fromEntries(await findSealedSettings(database.db, '1'))).toEqual({ fe: 'enc:v1:v2:v2:v2' });
  });

  it('purges the account on AccountDeleted, the same when replayed', async () => {
    await apply(recorded.slice(beforeDeletion.length));
    const once = await snapshot();
    await apply(recorded);
    expect(await snapshot()).toEqual(once);
    expect(once.aliases).toEqual([]);
    expect(once.settings).toEqual([]);
    expect(await findAccountById(database.db, '1')).toMatchObject({
      nickname: 'alice',
      emailEncrypted: null,
      emailIndex: null,
      passwordHashEncrypted: null,
      displayName: null,
      note: '',
      alsoKnownAs: [],
      isActive: false,
    });
  });
});
