import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBackupParts } from '../../src/backups/sources.js';
import { actorUrl } from '../../src/domain/account/addresses.js';
import { findAccountsByIds } from '../../src/projections/accounts/queries.js';
import { allProjectors } from '../../src/projections/registry.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { lastPosition, type User, usersWithTokens } from '../helpers/relationships.js';
import { bearer, posted } from '../helpers/statuses.js';

/**
 * What a backup's files list, and in which order, read two rows at a time so that every list takes several
 * pages: Pleroma writes each file through Repo.chunk_stream, oldest row first (user/backup.ex), and likes.json
 * holds every Like of the account, whatever it can see now.
 */

let t: TestApp;
let ann: User;
let bob: User;
let cy: User;
let dee: User;

beforeAll(async () => {
  t = await createTestApp();
  [ann, bob, cy, dee] = await usersWithTokens(t, ['ann', 'bob', 'cy', 'dee'] as const);
});
afterAll(() => t.close());

const act = (user: User, path: string) => request(t.app).post(path).set(bearer(user)).send({}).expect(200);

async function collected(parts: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of parts) items.push(item);
  return items;
}

async function backupOf(user: User) {
  await t.engine.waitFor(
    allProjectors(t.deps).map((projector) => projector.name),
    await lastPosition(t),
  );
  const account = (await findAccountsByIds(t.deps.db, [user.account.id])).get(user.account.id)!;
  return accountBackupParts({ db: t.deps.db, config: t.deps.config }, account, 2);
}

describe('a backup’s files, a batch at a time', () => {
  it('lists the outbox oldest first', async () => {
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const statuses = [];
    for (const status of texts) statuses.push(await posted(t, ann.token, { status }));
    const outbox = (await collected((await backupOf(ann)).outbox)) as { object: { id: string } }[];
    expect(outbox.map((create) => create.object.id)).toEqual(statuses.map((status) => status.uri));
  });

  it('lists likes in the order they were given, those of statuses now hidden from the account too', async () => {
    const [first, second, third] = [
      await posted(t, bob.token, { status: 'bob first' }),
      await posted(t, cy.token, { status: 'cy second' }),
      await posted(t, bob.token, { status: 'bob third' }),
    ];
    for (const status of [third, first, second]) await act(dee, `/api/v1/statuses/${status.id}/favourite`);
    await act(dee, `/api/v1/accounts/${cy.account.id}/block`);
    const likes = await collected((await backupOf(dee)).likes);
    expect(likes).toEqual([third.uri, first.uri, second.uri]);
  });

  it('lists bookmarks in the order they were made', async () => {
    const [first, second] = [
      await posted(t, bob.token, { status: 'bob keeps' }),
      await posted(t, cy.token, { status: 'cy keeps' }),
    ];
    for (const status of [second, first]) await act(dee, `/api/v1/statuses/${status.id}/bookmark`);
    expect(await collected((await backupOf(dee)).bookmarks)).toEqual([second.uri, first.uri]);
  });

  it('lists followers and follows by account, oldest account first', async () => {
    for (const followed of [dee, bob, cy]) await act(ann, `/api/v1/accounts/${followed.account.id}/follow`);
    const following = await collected((await backupOf(ann)).following);
    const byAge = [bob, cy, dee].sort((a, b) => (BigInt(a.account.id) < BigInt(b.account.id) ? -1 : 1));
    expect(following).toEqual(byAge.map((user) => actorUrl(t.deps.config, user.account.nickname)));
  });
});
