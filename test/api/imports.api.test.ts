import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMIT } from '../../src/domain/import/index.js';
import { IMPORTS } from '../../src/processes/imports.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { lastPosition, storedEvents } from '../helpers/relationships.js';

type User = Awaited<ReturnType<typeof userWithToken>>;

let t: TestApp;
let importer: User;
let others: Record<string, User>;
const host = 'localhost:4000';

const importRequest = (kind: string, user: User = importer) =>
  request(t.app).post(`/api/pleroma/${kind}_import`).set('Authorization', `Bearer ${user.token}`);

/** Waits until the imports process has handled everything stored so far, and the read model shows it. */
async function importsDone() {
  await t.processes.waitFor([processCheckpointName(IMPORTS)], await lastPosition(t));
  await t.engine.waitFor([RELATIONSHIPS_PROJECTOR], await lastPosition(t));
}

async function relationshipsWith(names: string[]) {
  const query = names.map((name) => `id[]=${others[name]!.account.id}`).join('&');
  const res = await request(t.app)
    .get(`/api/v1/accounts/relationships?${query}`)
    .set('Authorization', `Bearer ${importer.token}`);
  return Object.fromEntries(names.map((name, i) => [name, res.body[i]]));
}

async function lastCompleted() {
  const events = await storedEvents(t, ['ImportCompleted']);
  return events.at(-1)?.data;
}

beforeAll(async () => {
  t = await createTestApp();
  importer = await userWithToken(t, 'importer');
  const names = ['bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'blocker'];
  const users = await Promise.all(names.map((name) => userWithToken(t, name)));
  others = Object.fromEntries(names.map((name, i) => [name, users[i]!]));
  // `blocker` blocks the importer: following it is refused and counted as skipped.
  await request(t.app)
    .post(`/api/v1/accounts/${importer.account.id}/block`)
    .set('Authorization', `Bearer ${others.blocker!.token}`);
});
afterAll(() => t.close());

describe('follow_import (§2)', () => {
  it('answers "jobs started" and follows every local account named, skipping the rest', async () => {
    const list = [
      'Account address,Show boosts,Notify on new posts,Languages',
      '@bob,true,false,',
      `carol@${host},true,false,`,
      `http://${host}/users/dave`,
      'nobody',
      'someone@elsewhere.example',
      'blocker',
      'BOB',
    ].join('\r\n');
    const res = await importRequest('follow').send({ list });
    expect([res.status, res.body]).toEqual([200, 'jobs started']);
    await importsDone();
    const relationships = await relationshipsWith(['bob', 'carol', 'dave', 'blocker']);
    expect(Object.values(relationships).map((r) => r.following)).toEqual([true, true, true, false]);
    expect(await lastCompleted()).toMatchObject({ kind: 'follow', imported: 3, skipped: 3 });
  });

  it('takes the list as an uploaded file', async () => {
    const res = await importRequest('follow').attach('list', Buffer.from('erin\nfrank\n'), 'following.csv');
    expect([res.status, res.body]).toEqual([200, 'jobs started']);
    await importsDone();
    const relationships = await relationshipsWith(['erin', 'frank']);
    expect(relationships.erin.following && relationships.frank.following).toBe(true);
  });
});

describe('blocks_import and mutes_import (§2)', () => {
  it('blocks a whitespace-separated list, ending the follows as a block does', async () => {
    const res = await importRequest('blocks').attach(
      'list',
      Buffer.from('@erin grace\nnobody'),
      'blocks.txt',
    );
    expect(res.body).toBe('jobs started');
    await importsDone();
    const relationships = await relationshipsWith(['erin', 'grace']);
    expect(relationships.erin).toMatchObject({ blocking: true, following: false });
    expect(relationships.grace.blocking).toBe(true);
    expect(await lastCompleted()).toMatchObject({ kind: 'block', imported: 2, skipped: 1 });
  });

  it('mutes a Mastodon CSV export (its header handled)', async () => {
    const list = 'Account address,Hide notifications\nheidi,true\n';
    expect((await importRequest('mutes').send({ list })).body).toBe('jobs started');
    await importsDone();
    expect((await relationshipsWith(['heidi'])).heidi.muting).toBe(true);
  });
});

describe('bad input (nothing is stored)', () => {
  it('refuses a missing list with 400 Missing field: list.', async () => {
    await appendsNothing(t, async () => {
      const res = await importRequest('follow').send({});
      expect([res.status, res.body.error]).toEqual([400, 'Missing field: list.']);
    });
  });

  it('refuses an empty list with 400, not 500', async () => {
    await appendsNothing(t, async () => {
      for (const list of ['', '  \n\n', 'Account address,Show boosts\n']) {
        const res = await importRequest('follow').send({ list });
        expect([res.status, res.body]).toEqual([400, { error: 'The list is empty: nothing to import.' }]);
      }
      const blank = await importRequest('blocks').attach('list', Buffer.from(' \n '), 'blocks.txt');
      expect(blank.status).toBe(400);
    });
  });

  it('refuses a file that is not text', async () => {
    await appendsNothing(t, async () => {
      const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]);
      const res = await importRequest('follow').attach('list', binary, 'picture.png');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/plain text/);
    });
  });

  it(`refuses more than ${IMPORT_LIMIT} accounts with 413, saying so`, async () => {
    await appendsNothing(t, async () => {
      const list = Array.from({ length: IMPORT_LIMIT + 1 }, (_, i) => `user${i}`).join('\n');
      const res = await importRequest('mutes').send({ list });
      expect(res.status).toBe(413);
      expect(res.body.error).toBe(
        `The list is too long: ${IMPORT_LIMIT + 1} accounts, at most ${IMPORT_LIMIT} can be imported at once.`,
      );
    });
  });

  it('refuses a body over the body limit with 413', async () => {
    const res = await importRequest('follow').attach('list', Buffer.alloc(2 * 1024 * 1024, 'a'), 'huge.csv');
    expect([res.status, res.body]).toEqual([413, { error: 'Request body too large' }]);
  });
});
