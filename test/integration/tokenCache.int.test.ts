import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { hashSecret } from '../../src/commands/oauth/secrets.js';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import { cachedTokenLookup, type TokenLookup } from '../../src/projections/oauth/tokenCache.js';
import type { ProjectionWatch } from '../../src/projections/waiter.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { recordedEvent } from '../helpers/events.js';

/** The engine's part the cache uses, driven by hand: which events are reported, how far projectors are. */
class HandDrivenProjections implements ProjectionWatch {
  applied = 10n;
  startedAfter: bigint | undefined = 5n;
  private readonly listeners: ((event: RecordedEvent) => void)[] = [];
  position = () => this.applied;
  watchedAfter = () => this.startedAfter;
  watch(listener: (event: RecordedEvent) => void) {
    this.listeners.push(listener);
    return () => undefined;
  }
  report(position: bigint, type: string) {
    for (const listener of this.listeners) listener(recordedEvent(position, type));
  }
}

let testApp: TestApp;
let tokenHash: string;
let tokenRow: Record<string, unknown>;
let projections: HandDrivenProjections;
let lookup: TokenLookup;

beforeAll(async () => {
  testApp = await createTestApp();
  const { deps } = testApp;
  const account = await registerAccount(
    deps,
    { nickname: 'alice', email: null, password: 'a long password', byAdmin: true },
    testContext(),
  );
  const app = await registerApp(
    deps,
    { name: 'client', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] },
    testContext(),
  );
  const token = await issueToken(deps, {
    accountId: account.id,
    appId: app.appId,
    scopes: ['read'],
    context: testContext(),
  });
  tokenHash = hashSecret(token.accessToken);
  tokenRow = await deps.db('oauth_tokens').where({ token_hash: tokenHash }).first();
});
afterAll(() => testApp.close());

beforeEach(async () => {
  await testApp.deps.db('oauth_tokens').insert(tokenRow).onConflict('token_id').merge();
  projections = new HandDrivenProjections();
  lookup = cachedTokenLookup(projections);
});

/** The read model changes under the cache, as a projector would apply an event. */
const removeTokenRow = () => testApp.deps.db('oauth_tokens').where({ token_hash: tokenHash }).delete();
const find = (now = new Date()) => lookup(testApp.deps.db, tokenHash, now);

describe('the authentication lookup kept in memory (tokenCache.ts)', () => {
  it('answers a token it found again without reading the read model', async () => {
    expect((await find())?.token.scopes).toEqual(['read']);
    await removeTokenRow();
    expect((await find())?.token.scopes).toEqual(['read']);
  });

  it('forgets everything when an event that could change an answer is reported', async () => {
    await find();
    await removeTokenRow();
    projections.applied = 11n;
    projections.report(11n, 'TokenRevoked');
    expect(await find()).toBeUndefined();
  });

  it('keeps its answers when only a new token, app or account is reported', async () => {
    await find();
    await removeTokenRow();
    projections.report(11n, 'TokenIssued');
    projections.report(12n, 'AccountRegistered');
    expect(await find()).toBeDefined();
  });

  it('does not keep an answer read while a reported event was not yet applied', async () => {
    projections.report(11n, 'AccountDisabled');
    expect(await find()).toBeDefined();
    await removeTokenRow();
    expect(await find()).toBeUndefined();
  });

  it('keeps answers again once the projectors have applied what was reported', async () => {
    projections.report(11n, 'AccountDisabled');
    projections.applied = 11n;
    await find();
    await removeTokenRow();
    expect(await find()).toBeDefined();
  });

  it('keeps nothing until the projectors have caught up with the log as it was when watching began', async () => {
    projections.startedAfter = 20n;
    await find();
    await removeTokenRow();
    expect(await find()).toBeUndefined();
  });

  it('keeps nothing before the engine has started watching', async () => {
    projections.startedAfter = undefined;
    await find();
    await removeTokenRow();
    expect(await find()).toBeUndefined();
  });

  it('reads again once a kept token has expired', async () => {
    const found = await find();
    await removeTokenRow();
    const pastExpiry = new Date(found!.token.validUntil.getTime() + 1);
    expect(await find(pastExpiry)).toBeUndefined();
  });
});
