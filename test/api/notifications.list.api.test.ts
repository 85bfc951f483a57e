import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { notificationsStream } from '../../src/domain/notification/events.js';
import { expect as expectRevision } from '../../src/eventstore/eventStore.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { testMetadata } from '../helpers/events.js';
import { as, notificationsOf, settled, summary } from '../helpers/notifications.js';
import { type NotificationsApp, notificationActs, useNotificationsApp } from '../helpers/notificationsApi.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';

let { t } = {} as NotificationsApp;
useNotificationsApp((made) => ({ t } = made));

const { post, relate, say } = notificationActs(() => t);

describe('the list: filters and pages', () => {
  let pat: User;
  let quinn: User;

  beforeAll(async () => {
    [pat, quinn] = await usersWithTokens(t, ['pat', 'quinn'] as const);
    const status = await say(pat, 'Mine');
    await say(quinn, '@pat one');
    await post(`/api/v1/statuses/${status.id}/favourite`, quinn);
    await say(quinn, '@pat two');
    await relate(quinn, 'follow', pat);
    await settled(t);
  });

  it('filters by types[], exclude_types[] and Pleroma’s include_types[] (types wins)', async () => {
    expect(await summary(t, pat, '?types[]=mention')).toEqual([
      ['mention', 'quinn'],
      ['mention', 'quinn'],
    ]);
    expect((await summary(t, pat, '?types[]=follow&types[]=favourite')).map(([type]) => type)).toEqual([
      'follow',
      'favourite',
    ]);
    expect((await summary(t, pat, '?exclude_types[]=mention')).map(([type]) => type)).toEqual([
      'follow',
      'favourite',
    ]);
    expect(await summary(t, pat, '?include_types[]=follow')).toEqual([['follow', 'quinn']]);
    expect(await summary(t, pat, '?include_types[]=follow&types[]=favourite')).toEqual([
      ['favourite', 'quinn'],
    ]);
    expect(await summary(t, pat, `?account_id=${pat.account.id}`)).toEqual([]);
  });

  it('pages with limit, max_id, since_id and min_id, and links the next and previous pages', async () => {
    const all = await notificationsOf(t, pat);
    const ids = all.map((n) => n.id);
    const res = await request(t.app)
      .get('/api/v1/notifications?limit=2&types[]=mention&types[]=favourite&types[]=follow')
      .set(as(pat));
    expect(res.body.map((n: { id: string }) => n.id)).toEqual(ids.slice(0, 2));
    const link = String(res.headers.link);
    expect(link).toContain(`max_id=${ids[1]}>; rel="next"`);
    expect(link).toContain(`min_id=${ids[0]}>; rel="prev"`);
    expect(link).toContain('types%5B%5D=mention');
    const older = await notificationsOf(t, pat, `?max_id=${ids[1]}`);
    expect(older.map((n) => n.id)).toEqual(ids.slice(2));
    expect((await notificationsOf(t, pat, `?since_id=${ids[2]}`)).map((n) => n.id)).toEqual(ids.slice(0, 2));
    expect((await notificationsOf(t, pat, `?min_id=${ids[3]}&limit=1`)).map((n) => n.id)).toEqual([ids[2]]);
  });

  it('drops filter values naming no type, as Pleroma does: none left means no filter', async () => {
    const all = await summary(t, pat);
    expect(all.length).toBeGreaterThan(1);
    for (const query of ['?types[]=nonsense', '?exclude_types=bogus', '?exclude_types[]=']) {
      expect(await summary(t, pat, query), query).toEqual(all);
    }
    const mentions = all.filter(([type]) => type === 'mention');
    expect(mentions.length).toBeGreaterThan(0);
    expect(mentions.length).toBeLessThan(all.length);
    expect(await summary(t, pat, '?types[]=nonsense&types[]=mention')).toEqual(mentions);
  });

  it('refuses malformed filters and pages with a 400, never a 500', async () => {
    for (const query of ['?limit=lots', '?max_id=abc', '?types[a]=b']) {
      const res = await request(t.app).get(`/api/v1/notifications${query}`).set(as(pat));
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toEqual(expect.any(String));
    }
  });

  it('answers an unknown account_id with 404 "Account is not found"', async () => {
    for (const query of ['?account_id=nobody', '?account_id=']) {
      const res = await request(t.app).get(`/api/v1/notifications${query}`).set(as(pat));
      expect([res.status, res.body], query).toEqual([404, { error: 'Account is not found' }]);
    }
  });
});

describe('DELETE /api/v1/notifications/destroy_multiple', () => {
  it('dismisses the user’s among ids[], passes over others’ and unknown ids, and answers {}', async () => {
    const [vic, wes] = await usersWithTokens(t, ['multi_vic', 'multi_wes'] as const);
    for (const text of ['@multi_vic 1', '@multi_vic 2', '@multi_vic 3']) await say(wes, text);
    await say(vic, '@multi_wes 4');
    const [third, second, first] = (await notificationsOf(t, vic)).map((n) => n.id);
    const [others] = (await notificationsOf(t, wes)).map((n) => n.id);
    const query = [first, third, others, '12345', 'abc'].map((id) => `ids[]=${id}`).join('&');
    const res = await request(t.app).delete(`/api/v1/notifications/destroy_multiple?${query}`).set(as(vic));
    expect([res.status, res.body]).toEqual([200, {}]);
    expect((await notificationsOf(t, vic)).map((n) => n.id)).toEqual([second]);
    expect((await notificationsOf(t, wes)).map((n) => n.id)).toEqual([others]);
  });

  it('requires ids: none is a 400 and appends nothing', async () => {
    const [xan] = await usersWithTokens(t, ['multi_xan'] as const);
    await appendsNothing(t, async () => {
      const res = await request(t.app).delete('/api/v1/notifications/destroy_multiple').set(as(xan));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'Missing field: ids.' });
    });
  });
});

describe('one notification: show, dismiss, clear, read (§4.1)', () => {
  let rex: User;
  let sam: User;
  let ids: string[];

  beforeAll(async () => {
    [rex, sam] = await usersWithTokens(t, ['rex', 'sam'] as const);
    for (const text of ['@rex 1', '@rex 2', '@rex 3', '@rex 4']) await say(sam, text);
    ids = (await notificationsOf(t, rex)).map((n) => n.id);
  });

  it('shows one of the user’s own; another’s, unknown or malformed ids are 403 "Cannot get notification"', async () => {
    const own = await request(t.app).get(`/api/v1/notifications/${ids[0]}`).set(as(rex));
    expect([own.status, own.body.id, own.body.type]).toEqual([200, ids[0], 'mention']);
    for (const id of [ids[0], '12345', 'abc', '99999999999999999999999']) {
      const res = await request(t.app)
        .get(`/api/v1/notifications/${id}`)
        .set(as(id === ids[0] ? sam : rex));
      expect([res.status, res.body]).toEqual([403, { error: 'Cannot get notification' }]);
    }
  });

  it('reads one by id: "ok", seen, and the count drops', async () => {
    const res = await post('/api/v1/pleroma/notifications/read', rex, { id: ids[3] });
    expect([res.status, res.body]).toEqual([200, 'ok']);
    const seen = (await notificationsOf(t, rex)).map((n) => n.pleroma.is_seen);
    expect(seen).toEqual([false, false, false, true]);
    const me = await request(t.app).get('/api/v1/accounts/verify_credentials').set(as(rex));
    expect(me.body.pleroma.unread_notifications_count).toBe(3);
  });

  it('reads up to max_id (a form field), answering "ok"', async () => {
    const res = await request(t.app)
      .post('/api/v1/pleroma/notifications/read')
      .set(as(rex))
      .type('form')
      .send({ max_id: ids[1] });
    expect([res.status, res.body]).toEqual([200, 'ok']);
    const seen = (await notificationsOf(t, rex)).map((n) => n.pleroma.is_seen);
    expect(seen).toEqual([false, true, true, true]);
  });

  it('refuses a read without id or max_id, or of another’s notification, with a 400 and stores nothing', async () => {
    await appendsNothing(t, async () => {
      const neither = await post('/api/v1/pleroma/notifications/read', rex, {});
      expect([neither.status, neither.body.error]).toEqual([400, 'Missing field: id or max_id.']);
      const another = await post('/api/v1/pleroma/notifications/read', sam, { id: ids[0] });
      expect([another.status, another.body]).toEqual([400, { error: 'Cannot get notification' }]);
      const malformed = await post('/api/v1/pleroma/notifications/read', rex, { max_id: 'soon' });
      expect(malformed.status).toBe(400);
      // Past the 64-bit range: once stored, such an id stopped the notifications projector for everyone.
      for (const max_id of ['9223372036854775808', '99999999999999999999', 1e21]) {
        const past = await post('/api/v1/pleroma/notifications/read', rex, { max_id });
        expect([past.status, past.body.error]).toEqual([400, 'max_id - Invalid integer.']);
      }
    });
  });

  it('dismisses one (by path or by body); another’s is 403 and stores nothing', async () => {
    await appendsNothing(t, async () => {
      const res = await post(`/api/v1/notifications/${ids[0]}/dismiss`, sam);
      expect([res.status, res.body]).toEqual([403, { error: 'Cannot dismiss notification' }]);
      const missing = await post('/api/v1/notifications/dismiss', rex, {});
      expect([missing.status, missing.body.error]).toEqual([400, 'Missing field: id.']);
    });
    expect((await post(`/api/v1/notifications/${ids[0]}/dismiss`, rex)).body).toEqual({});
    expect((await post('/api/v1/notifications/dismiss', rex, { id: ids[1] })).body).toEqual({});
    expect((await notificationsOf(t, rex)).map((n) => n.id)).toEqual(ids.slice(2));
  });

  it('clears them all, answering {}', async () => {
    expect((await post('/api/v1/notifications/clear', rex)).body).toEqual({});
    expect(await notificationsOf(t, rex)).toEqual([]);
    const me = await request(t.app).get('/api/v1/accounts/verify_credentials').set(as(rex));
    expect(me.body.pleroma.unread_notifications_count).toBe(0);
  });

  it('records each act as an event on the account’s notifications stream', async () => {
    const events = await t.deps.eventStore.readStream(`notifications-${rex.account.id}`);
    expect(events.map((e) => e.type)).toEqual([
      'NotificationRead',
      'NotificationsReadUpTo',
      'NotificationDismissed',
      'NotificationDismissed',
      'NotificationsCleared',
    ]);
  });
});

describe('a read-up-to past the 64-bit range, stored before the API bounded it', () => {
  it('reads every notification and holds nothing back', async () => {
    const [uma, vic] = await usersWithTokens(t, ['uma', 'vic'] as const);
    for (const text of ['@uma 1', '@uma 2']) await say(vic, text);
    const data = { accountId: uma.account.id, maxId: '99999999999999999999' };
    const metadata = testMetadata(new Date().toISOString(), uma.account.id);
    const event = { id: randomUUID(), type: 'NotificationsReadUpTo', data, metadata };
    await t.deps.eventStore.appendToStream(notificationsStream(uma.account.id), [event], expectRevision.any);
    expect((await notificationsOf(t, uma)).map((n) => n.pleroma.is_seen)).toEqual([true, true]);
    await say(uma, '@vic later');
    expect((await notificationsOf(t, vic)).map((n) => n.type)).toEqual(['mention']);
  });
});
