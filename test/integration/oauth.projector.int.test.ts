import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthEvent } from '../../src/domain/oauth/index.js';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import { oauthProjector } from '../../src/projections/oauth/projector.js';
import {
  findActiveTokenByHash,
  findAppByClientId,
  findAuthorizationCodeByHash,
  findTokenByRefreshHash,
  listAccountTokens,
} from '../../src/projections/oauth/queries.js';
import { liveTables } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const time = '2024-05-01T10:00:00.000Z';
const validUntil = '2124-05-01T10:00:00.000Z';
const now = new Date('2024-06-01T00:00:00Z');
const token = {
  tokenId: 't1',
  accountId: 'u1',
  appId: 'a1',
  scopes: ['read'],
  tokenHash: 'th1',
  refreshTokenHash: 'rh1',
  validUntil,
  grant: 'password' as const,
};

const history: OAuthEvent[] = [
  {
    type: 'AppRegistered',
    data: {
      appId: 'a1',
      name: 'Client',
      website: null,
      redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
      scopes: ['read', 'write'],
      clientId: 'cid',
      clientSecretHash: 'csh',
    },
  },
  {
    type: 'AuthorizationCodeIssued',
    data: {
      codeId: 'c1',
      codeHash: 'code1',
      appId: 'a1',
      accountId: 'u1',
      scopes: ['read'],
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      expiresAt: '2024-05-01T10:10:00.000Z',
      codeChallenge: null,
      codeChallengeMethod: null,
    },
  },
  {
    type: 'AuthorizationCodeIssued',
    data: {
      codeId: 'c2',
      codeHash: 'code2',
      appId: 'a1',
      accountId: 'u1',
      scopes: ['read'],
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      expiresAt: '2024-05-01T10:10:00.000Z',
      codeChallenge: 'challenge',
      codeChallengeMethod: 'S256',
    },
  },
  { type: 'AuthorizationCodeRedeemed', data: { codeId: 'c1' } },
  { type: 'TokenIssued', data: token },
  { type: 'TokenRefreshed', data: { tokenId: 't1', tokenHash: 'th2', refreshTokenHash: 'rh2', validUntil } },
  { type: 'TokenIssued', data: { ...token, tokenId: 't2', tokenHash: 'th3', refreshTokenHash: 'rh3' } },
  { type: 'TokenRevoked', data: { tokenId: 't2' } },
];

const recorded: RecordedEvent[] = history.map((event, index) => ({
  id: `e${index}`,
  type: event.type,
  data: event.data as unknown as Record<string, unknown>,
  metadata: { actor: null, correlationId: 'c', causationId: null, time, schemaVersion: 1 },
  stream: 'test',
  revision: index,
  position: BigInt(index + 1),
}));

describe('oauth projector', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await oauthProjector.createTables(database.db, liveTables);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('projects apps, live tokens and pending codes, and applying every event twice changes nothing', async () => {
    for (const event of recorded) {
      for (let pass = 0; pass < 2; pass++) {
        await database.db.transaction((trx) => oauthProjector.apply(trx, event, liveTables));
      }
    }
    const db = database.db;
    expect(await findAppByClientId(db, 'cid')).toMatchObject({ appId: 'a1', scopes: ['read', 'write'] });
    expect(await findAuthorizationCodeByHash(db, 'code1')).toBeUndefined();
    expect(await findAuthorizationCodeByHash(db, 'code2')).toMatchObject({
      codeId: 'c2',
      codeChallenge: 'challenge',
    });
    expect(await findActiveTokenByHash(db, 'th1', now)).toBeUndefined();
    expect(await findActiveTokenByHash(db, 'th2', now)).toMatchObject({ tokenId: 't1', accountId: 'u1' });
    expect(await findActiveTokenByHash(db, 'th2', new Date('2125-01-01'))).toBeUndefined();
    expect(await findTokenByRefreshHash(db, 'rh1')).toBeUndefined();
    expect(await findActiveTokenByHash(db, 'th3', now)).toBeUndefined();
    expect(await listAccountTokens(db, 'u1')).toEqual([
      expect.objectContaining({ tokenId: 't1', appName: 'Client', createdAt: new Date(time) }),
    ]);
  });

  it('has an index for the per-request lookup by token hash', async () => {
    // A tiny table may be read sequentially by choice; with that choice off, the plan shows the index exists.
    const plan = await database.db.transaction(async (trx): Promise<{ rows: unknown[] }> => {
      await trx.raw('set local enable_seqscan = off');
      return trx.raw("explain select * from oauth_tokens where token_hash = 'th2' and valid_until > now()");
    });
    expect(JSON.stringify(plan.rows)).toMatch(/oauth_tokens_token_hash_unique/);
  });
});
