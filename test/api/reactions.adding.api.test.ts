import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { deleteStatus } from '../../src/commands/statuses/index.js';
import { reactionStream } from '../../src/domain/reaction/events.js';
import { expect as expected } from '../../src/eventstore/eventStore.js';
import { liveTables } from '../../src/projections/projector.js';
import { REACTIONS_PROJECTOR, reactionsProjector } from '../../src/projections/reactions/projector.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { BLOBFOX, names, path, reactionRequests } from '../helpers/reactionsApi.js';
import { lastPosition } from '../helpers/relationships.js';
import { bearer as auth } from '../helpers/statuses.js';
import { type StatusesApp, useStatusesApp } from '../helpers/statusesApi.js';

let { t, alice, bob, carol, reader: readOnly } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, carol, reader: readOnly } = made));

const { post, react, unreact, list } = reactionRequests(() => t);

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
      // A NUL is a bad emoji or id too, in §9's words (not the generic refusal of NULs elsewhere).
      const thumb = encodeURIComponent('👍');
      for (const nul of [`${path(id)}/%00`, `${path(id)}/blob%00fox`, `${path('1%00')}/${thumb}`]) {
        const put = await request(t.app).put(nul).set(auth(alice));
        expect([put.status, put.body], nul).toEqual([400, { error: 'Could not add reaction emoji' }]);
        const del = await request(t.app).delete(nul).set(auth(alice));
        expect([del.status, del.body], nul).toEqual([400, { error: 'Could not remove reaction emoji' }]);
        const list = await request(t.app).get(nul).set(auth(alice));
        expect([list.status, list.body], nul).toEqual([200, []]);
      }
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
    // Pleroma compares the host with the URL's exactly.
    expect((await react(alice, id, ':blobfox@REMOTE.example:')).status).toBe(400);
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

  it("takes a burst of one user's reactions to one status (one stream) in turns: each is a 200, none a 409", async () => {
    const id = await post(bob, 'react a lot');
    const emoji = ['👍', '😀', '🎉', '❤️', '🔥', '👀', '😂', '🙏', '👏', '💯', '✅', '🤔'];
    const answers = await Promise.all(emoji.map((each) => react(alice, id, each)));
    expect(answers.map((res) => res.status)).toEqual(emoji.map(() => 200));
    expect((await list(id, alice)).body.map((r: { name: string }) => r.name).sort()).toEqual(
      [...emoji].sort(),
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
