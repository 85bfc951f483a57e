import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../src/domain/account/index.js';
import type { MfaEvent } from '../../src/domain/mfa/index.js';
import { eventId } from '../../src/domain/shared/ids.js';
import { type EventStore, expect as expected, type RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { accountsProjector } from '../../src/projections/accounts/projector.js';
import { findAccountById } from '../../src/projections/accounts/queries.js';
import { liveTables } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const time = '2024-05-01T10:00:00.000Z';
const metadata = { actor: '1', correlationId: 'c', causationId: null, time, schemaVersion: 1 };
const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: '1',
    nickname: 'alice',
    email: null,
    emailIndex: null,
    passwordHash: 'enc:v1:d:e:f',
    confirmed: true,
    approved: true,
    locked: false,
    displayName: null,
    note: '',
    locale: null,
    registeredAt: time,
  },
};
const setup: MfaEvent = { type: 'MfaTotpSetupStarted', data: { accountId: '1', secret: 'enc:v1:a:b:c' } };
const enabled: MfaEvent = { type: 'MfaEnabled', data: { accountId: '1', method: 'totp', timeStep: 1 } };
const disabled: MfaEvent = { type: 'MfaDisabled', data: { accountId: '1', method: 'mfa' } };

describe('the MFA columns of the accounts read model', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    await accountsProjector.createTables(database.db, liveTables);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  let appended = 0;
  async function record(stream: string, events: (AccountEvent | MfaEvent)[]): Promise<RecordedEvent[]> {
    const before = await store.readStream(stream);
    const expectation = before.length === 0 ? expected.noStream : expected.revision(before.at(-1)!.revision);
    const batch = events.map((event) => ({
      id: eventId('mfa-projector-test', appended++),
      type: event.type,
      data: { ...event.data },
      metadata,
    }));
    await store.appendToStream(stream, batch, expectation);
    return (await store.readStream(stream)).slice(before.length);
  }
  /** Applies each event twice: a replay must leave the same row. */
  const apply = (events: RecordedEvent[]) =>
    database.db.transaction(async (trx) => {
      for (const event of [...events, ...events]) await accountsProjector.apply(trx, event, liveTables);
    });
  const status = async () => {
    const account = await findAccountById(database.db, '1');
    return { enabled: account?.mfaEnabled, totp: account?.mfaTotpConfirmed };
  };

  it('follows setup, confirmation, a new setup and disabling, replays included', async () => {
    expect(accountsProjector.handles).toEqual(expect.arrayContaining(['MfaEnabled', 'MfaDisabled']));
    await apply(await record('account-1', [registered]));
    expect(await status()).toEqual({ enabled: false, totp: false });
    await apply(await record('mfa-1', [setup]));
    expect(await status()).toEqual({ enabled: false, totp: false });
    await apply(await record('mfa-1', [enabled]));
    expect(await status()).toEqual({ enabled: true, totp: true });
    await apply(await record('mfa-1', [setup]));
    expect(await status()).toEqual({ enabled: true, totp: false });
    await apply(await record('mfa-1', [disabled]));
    expect(await status()).toEqual({ enabled: false, totp: false });
  });
});
