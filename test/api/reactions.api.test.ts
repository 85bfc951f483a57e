import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { deleteStatus } from '../../src/commands/statuses/index.js';
import { loadConfig } from '../../src/config.js';
import { reactionStream } from '../../src/domain/reaction/events.js';
import type { Visibility } from '../../src/domain/status/events.js';
import { expect as expected } from '../../src/eventstore/eventStore.js';
import { liveTables } from '../../src/projections/projector.js';
import { REACTIONS_PROJECTOR, reactionsProjector } from '../../src/projections/reactions/projector.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { lastPosition } from '../helpers/relationships.js';
import { bearer, postAs } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
let carol: User;
let readOnly: User;
const BLOBFOX = 'http://localhost:4000/emoji/blobs/blobfox.png';

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob, carol, readOnly] = await Promise.all([
    userWithToken(t, 'alice'),
    userWithToken(t, 'bob'),
    userWithToken(t, 'carol'),
    userWithToken(t, 'reader', ['read']),
  ]);
});
afterAll(() => t.close());

const auth = bearer;
const post = (author: User, text: string, visibility: Visibility = 'public') =>
  postAs(t, author, text, visibility);
const path = (id: string, emoji?: string) =>
  `/api/v1/pleroma/statuses/${id}/reactions${emoji === undefined ? '' : `/${encodeURIComponent(emoji)}`}`;
const react = (user: User, id: string, emoji: string) => request(t.app).put(path(id, emoji)).set(auth(user));
const unreact = (user: User, id: string, emoji: string) =>
  request(t.app).delete(path(id, emoji)).set(auth(user));
const list = (id: string, user?: User, emoji?: string) => {
  const req = request(t.app).get(path(id, emoji));
  return user ? req.set(auth(user)) : req;
};
const names = (body: { name: string }[]) => body.map((r) => r.name);

describe('PUT …/reactions/:emoji (§9.2)', () => {
  it('reacts and answers the status with pleroma.emoji_reactions from the read model', async () => {
    const id = await post(bob, 'react to me');
    const res = await react(alice, id, '👍');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
    expect(res.body.pleroma.emoji_reactions).toEqual([
      { name: '👍', count: 1, me: true, url: null, account_ids: [alice.account.id] },
    ]);
    await appendsNothing(t, async () => {
      expect((await react(alice, id, '👍')).body.pleroma.emoji_reactions[0].count).toBe(1);
    });
    const second = await react(carol, id, '👍');
    expect(second.body.pleroma.emoji_reactions).toEqual([
      { name: '👍', count: 2, me: true, url: null, account_ids: [carol.account.id, alice.account.id] },
    ]);
    const seenByBob = await request(t.app).get(`/api/v1/statuses/${id}`).set(auth(bob));
    expect(seenByBob.body.pleroma.emoji_reactions[0]).toMatchObject({ count: 2, me: false });
  });

  it('normalises unqualified emoji to their fully-qualified form', async () => {
    const id = await post(bob, 'careful');
    const res = await react(alice, id, '\u26A0');
    expect(res.body.pleroma.emoji_reactions).toMatchObject([{ name: '\u26A0\uFE0F', count: 1 }]);
    expect((await react(carol, id, '\u26A0\uFE0F')).body.pleroma.emoji_reactions[0].count).toBe(2);
    await appendsNothing(t, () => react(carol, id, '\u26A0'));
  });

  it.each([
    ['a regional indicator', '🇦'],
    ['a flag', '🇺🇦'],
    ['a ZWJ sequence', '🏳️‍🌈'],
    ['a skin tone', '👋🏽'],
  ])('accepts %s', async (_name, emoji) => {
    const id = await post(bob, `with ${emoji}`);
    const res = await react(alice, id, emoji);
    expect(res.status).toBe(200);
    expect(res.body.pleroma.emoji_reactions).toMatchObject([{ name: emoji, count: 1, me: true }]);
  });

  it('reacts with local custom emoji by :shortcode: or bare shortcode, storing the bare name and the URL', async () => {
    const id = await post(bob, 'custom');
    await react(alice, id, ':blobfox:');
    const res = await react(carol, id, 'blobfox');
    expect(res.body.pleroma.emoji_reactions).toEqual([
      {
        name: 'blobfox',
        count: 2,
        me: true,
        url: BLOBFOX,
        account_ids: [carol.account.id, alice.account.id],
      },
    ]);
  });

  it('keeps entries in first-reaction order while any reactor remains', async () => {
    const id = await post(bob, 'order');
    await react(alice, id, '👍');
    await react(bob, id, '❤️');
    await react(carol, id, '👍');
    await react(carol, id, '🎉');
    await unreact(alice, id, '👍');
    expect(names((await list(id)).body)).toEqual(['👍', '❤️', '🎉']);
    await unreact(carol, id, '👍');
    await react(alice, id, '👍');
    expect(names((await list(id)).body)).toEqual(['❤️', '🎉', '👍']);
  });

  it('answers 400 "Could not add reaction emoji" for every failure, appending nothing', async () => {
    const id = await post(bob, 'refusals');
    const secret = await post(bob, 'only @carol', 'direct');
    const cases: [string, string][] = [
      [id, 'x'],
      [id, '.'],
      [id, ':nope:'],
      [id, 'nope'],
      [id, '👍👍'],
      [id, '😀\uFE0F'],
      [id, '🏻'],
      [id, ':blobfox@remote.example:'],
      [id, ':blob fox:'],
      ['1', '👍'],
      ['not-an-id', '👍'],
      [secret, '👍'],
    ];
    await appendsNothing(t, async () => {
      for (const [statusId, emoji] of cases) {
        const res = await react(alice, statusId, emoji);
        expect(res.status, `${statusId} ${emoji}`).toBe(400);
        expect(res.body).toEqual({ error: 'Could not add reaction emoji' });
      }
      const garbled = await request(t.app)
        .put(`${path(id)}/%E0%A4%A`)
        .set(auth(alice));
      expect(garbled.status).toBe(400);
      expect(garbled.body).toEqual({ error: 'Could not add reaction emoji' });
    });
    expect((await react(carol, secret, '👍')).status).toBe(200);
  });

  it('lets a remote custom emoji only join a reaction already carrying it from that host (§9.1)', async () => {
    const id = await post(bob, 'federated');
    const url = 'https://remote.example/emoji/blobfox.png';
    // A reaction as federation will record it: the remote emoji's image on its own host.
    const { position } = await t.deps.eventStore.appendToStream(
      reactionStream(carol.account.id, id),
      [
        {
          id: randomUUID(),
          type: 'ReactionAdded',
          data: {
            reactionId: t.deps.ids.next(),
            accountId: carol.account.id,
            statusId: id,
            emoji: 'blobfox',
            url,
          },
          metadata: {
            actor: carol.account.id,
            correlationId: 'c',
            causationId: null,
            time: new Date().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      expected.noStream,
    );
    await t.engine.waitFor([REACTIONS_PROJECTOR], position);
    expect((await react(alice, id, ':blobfox@elsewhere.example:')).status).toBe(400);
    const res = await react(alice, id, ':blobfox@remote.example:');
    expect(res.status).toBe(200);
    expect(res.body.pleroma.emoji_reactions).toEqual([
      {
        name: 'blobfox@remote.example',
        count: 2,
        me: true,
        url,
        account_ids: [alice.account.id, carol.account.id],
      },
    ]);
    const local = await react(bob, id, ':blobfox:');
    expect(names(local.body.pleroma.emoji_reactions)).toEqual(['blobfox@remote.example', 'blobfox']);
    expect((await unreact(alice, id, ':blobfox@remote.example:')).body.pleroma.emoji_reactions[0].count).toBe(
      1,
    );
  });

  it('requires a user token with write:statuses', async () => {
    const id = await post(bob, 'scoped');
    await appendsNothing(t, async () => {
      const anonymous = await request(t.app).put(path(id, '👍'));
      expect(anonymous.status).toBe(403);
      expect(anonymous.body).toEqual({ error: 'Invalid credentials.' });
      const reader = await react(readOnly, id, '👍');
      expect(reader.status).toBe(403);
      expect(reader.body).toEqual({ error: 'Insufficient permissions: write:statuses.' });
    });
  });
});

describe('DELETE …/reactions/:emoji (§9.3)', () => {
  it('removes the reaction, normalising like PUT, and drops an emptied entry', async () => {
    const id = await post(bob, 'undo');
    await react(alice, id, '\u2764\uFE0F');
    await react(alice, id, 'blobfox');
    const res = await unreact(alice, id, '\u2764');
    expect(res.status).toBe(200);
    expect(names(res.body.pleroma.emoji_reactions)).toEqual(['blobfox']);
    expect((await unreact(alice, id, ':blobfox:')).body.pleroma.emoji_reactions).toEqual([]);
  });

  it('answers 400 "Could not remove reaction emoji" when there is nothing to remove, appending nothing', async () => {
    const id = await post(bob, 'nothing here');
    await react(carol, id, '👍');
    await appendsNothing(t, async () => {
      for (const [statusId, emoji] of [
        [id, '👍'],
        [id, 'blobfox'],
        [id, 'x'],
        ['1', '👍'],
        ['zzz', '👍'],
      ] as const) {
        const res = await unreact(alice, statusId, emoji);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'Could not remove reaction emoji' });
      }
    });
  });
});

describe('GET …/reactions[/:emoji] (§9.4)', () => {
  let id: string;
  beforeAll(async () => {
    id = await post(bob, 'listed');
    await react(alice, id, '👍');
    await react(carol, id, '👍');
    await react(carol, id, 'blobfox');
  });

  it('lists entries with their reactors as accounts, anonymously with me false', async () => {
    const res = await list(id);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.body[0]).toMatchObject({ name: '👍', count: 2, me: false, url: null });
    expect(res.body[0].accounts.map((a: { username: string }) => a.username)).toEqual(['carol', 'alice']);
    expect(res.body[0].accounts[0]).toMatchObject({
      id: carol.account.id,
      acct: 'carol',
      pleroma: expect.any(Object),
    });
    expect(res.body[1]).toMatchObject({ name: 'blobfox', count: 1, url: BLOBFOX });
    expect((await list(id, alice)).body[0].me).toBe(true);
    expect((await list(id, alice)).body[1].me).toBe(false);
  });

  it('filters by the stored name exactly', async () => {
    expect(names((await list(id, alice, '👍')).body)).toEqual(['👍']);
    expect(names((await list(id, alice, 'blobfox')).body)).toEqual(['blobfox']);
    expect((await list(id, alice, ':blobfox:')).body).toEqual([]);
    expect((await list(id, alice, '❤️')).body).toEqual([]);
  });

  it('answers 200 [] for unknown or invisible statuses, never 404', async () => {
    expect((await list('42')).body).toEqual([]);
    expect((await list('garbage')).body).toEqual([]);
    const secret = await post(bob, 'for @alice', 'direct');
    await react(alice, secret, '👍');
    const outsider = await list(secret, carol);
    expect(outsider.status).toBe(200);
    expect(outsider.body).toEqual([]);
    expect((await list(secret, alice)).body).toHaveLength(1);
  });

  it('takes with_muted', async () => {
    expect((await request(t.app).get(`${path(id)}?with_muted=true`)).body).toHaveLength(2);
  });

  it('answers [] when show_reactions is off, while statuses still carry emoji_reactions', async () => {
    const app = buildApp({
      ...t.deps,
      config: loadConfig({ ...process.env, LOG_LEVEL: 'silent', SHOW_REACTIONS: 'false' }),
    });
    expect((await request(app).get(path(id))).body).toEqual([]);
    const status = await request(app).get(`/api/v1/statuses/${id}`);
    expect(status.body.pleroma.emoji_reactions).toHaveLength(2);
  });
});

describe('reactors the reader blocks or mutes (§9.4, §9.5)', () => {
  it('are left out of the lists (muted ones kept with with_muted) and of emoji_reactions, for that reader only', async () => {
    const [dave, erin, frank] = await Promise.all([
      userWithToken(t, 'dave'),
      userWithToken(t, 'erin'),
      userWithToken(t, 'frank'),
    ]);
    const id = await post(dave, 'react, all of you');
    for (const user of [erin, frank, alice]) expect((await react(user, id, '👍')).status).toBe(200);
    const relate = (action: string, target: User) =>
      request(t.app).post(`/api/v1/accounts/${target.account.id}/${action}`).set(auth(dave));
    expect((await relate('block', erin)).status).toBe(200);
    expect((await relate('mute', frank)).status).toBe(200);
    const ids = (body: { accounts: { id: string }[] }[]) => body.map((r) => r.accounts.map((a) => a.id));

    const listed = await list(id, dave);
    expect(listed.body).toMatchObject([{ name: '👍', count: 1, me: false }]);
    expect(ids(listed.body)).toEqual([[alice.account.id]]);
    const withMuted = await request(t.app)
      .get(`${path(id)}?with_muted=true`)
      .set(auth(dave));
    expect(ids(withMuted.body)).toEqual([[alice.account.id, frank.account.id]]);
    expect(ids((await list(id, alice)).body)).toEqual([
      [alice.account.id, frank.account.id, erin.account.id],
    ]);

    const shown = await request(t.app).get(`/api/v1/statuses/${id}`).set(auth(dave));
    expect(shown.body.pleroma.emoji_reactions).toEqual([
      { name: '👍', count: 1, me: false, url: null, account_ids: [alice.account.id] },
    ]);
    const forAlice = await request(t.app).get(`/api/v1/statuses/${id}`).set(auth(alice));
    expect(forAlice.body.pleroma.emoji_reactions[0].count).toBe(3);
  });
});

describe('the reactions read model', () => {
  it('shows reactions in timelines too', async () => {
    const id = await post(alice, 'timeline');
    await react(bob, id, '🎉');
    const home = await request(t.app).get('/api/v1/timelines/home').set(auth(alice));
    const status = home.body.find((s: { id: string }) => s.id === id);
    expect(status.pleroma.emoji_reactions).toMatchObject([{ name: '🎉', count: 1, me: false }]);
  });

  it('drops the reactions of a deleted status', async () => {
    const id = await post(carol, 'doomed');
    await react(bob, id, '👍');
    await deleteStatus(t.deps, carol.account.id, id, testContext(carol.account.id));
    await t.engine.waitFor([REACTIONS_PROJECTOR], await lastPosition(t));
    expect(await t.deps.db('reaction_accounts').where({ status_id: id })).toEqual([]);
    expect(await t.deps.db('reaction_entries').where({ status_id: id })).toEqual([]);
  });

  it('leaves the same rows when every event is applied again', async () => {
    const projector = reactionsProjector(t.deps.config);
    const rows = async () => [
      await t.deps.db('reaction_entries').orderBy(['status_id', 'first_position']).select(),
      await t.deps.db('reaction_accounts').orderBy('reaction_id').select(),
    ];
    const before = await rows();
    const events = await t.deps.eventStore.readAll({ eventTypes: projector.handles });
    await t.deps.db.transaction(async (trx) => {
      for (const event of events) await projector.apply(trx, event, liveTables);
    });
    expect(await rows()).toEqual(before);
    expect(before[1]!.length).toBeGreaterThan(10);
  });
});
