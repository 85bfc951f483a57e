import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { userWithToken } from '../helpers/accounts.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { BLOBFOX, names, path, reactionRequests } from '../helpers/reactionsApi.js';
import { bearer as auth } from '../helpers/statuses.js';
import { type StatusesApp, type User, useStatusesApp } from '../helpers/statusesApi.js';

let { t, alice, bob, carol } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, carol } = made));

const { post, react, unreact, list } = reactionRequests(() => t);

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
    // A plain OpenAPI boolean in Pleroma: only true and false; a repeated key keeps its last value (Plug).
    for (const value of ['1', 'yes', 'maybe']) {
      const refused = await request(t.app)
        .get(`${path(id)}?with_muted=${value}`)
        .set(auth(dave));
      expect([refused.status, refused.body.error]).toEqual([
        400,
        `with_muted - Invalid boolean. Got: "${value}".`,
      ]);
    }
    const repeated = await request(t.app)
      .get(`${path(id)}?with_muted=true&with_muted=false`)
      .set(auth(dave));
    expect(ids(repeated.body)).toEqual([[alice.account.id]]);
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
