import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { as, notificationsOf, settled } from '../helpers/notifications.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';
import { posted } from '../helpers/statuses.js';

let t: TestApp;
let reader: User;
let writer: User;

const getMarkers = (user: User, query = '?timeline[]=notifications') =>
  request(t.app).get(`/api/v1/markers${query}`).set(as(user));
const saveMarkers = (user: User, body: object) =>
  request(t.app).post('/api/v1/markers').set(as(user)).send(body);

beforeAll(async () => {
  t = await createTestApp();
  [reader, writer] = await usersWithTokens(t, ['reader', 'writer'] as const);
});
afterAll(() => t.close());

describe('markers (only the notifications one, as Pleroma keeps)', () => {
  it('answers {} before there is any marker, and when no timeline is asked for', async () => {
    expect((await getMarkers(reader)).body).toEqual({});
    expect((await getMarkers(reader, '')).body).toEqual({});
  });

  it('exists from the first notification on, with Pleroma’s unread_count', async () => {
    await posted(t, writer.token, { status: '@reader hello' });
    await posted(t, writer.token, { status: '@reader again' });
    await settled(t);
    const res = await getMarkers(reader, '?timeline[]=notifications&timeline[]=home');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      notifications: {
        last_read_id: '',
        version: 0,
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        pleroma: { unread_count: 2 },
      },
    });
  });

  it('follows the newest notification read (§4.1)', async () => {
    const [newest, oldest] = await notificationsOf(t, reader);
    await request(t.app)
      .post('/api/v1/pleroma/notifications/read')
      .set(as(reader))
      .send({ max_id: oldest!.id });
    const res = await getMarkers(reader);
    expect(res.body.notifications).toMatchObject({ last_read_id: oldest!.id, pleroma: { unread_count: 1 } });
    expect(newest!.pleroma.is_seen).toBe(false);
  });

  it('saves the notifications marker (JSON or form) and answers it, its version and time as Pleroma keeps them', async () => {
    const created = (await getMarkers(reader)).body.notifications.updated_at;
    const json = await saveMarkers(reader, { notifications: { last_read_id: '12345' } });
    expect(json.status).toBe(200);
    // Pleroma's upsert replaces last_read_id alone: lock_version stays 0 and updated_at stays the creation's.
    expect(json.body.notifications).toEqual({
      last_read_id: '12345',
      version: 0,
      updated_at: created,
      pleroma: { unread_count: 1 },
    });
    const form = await request(t.app)
      .post('/api/v1/markers')
      .set(as(reader))
      .type('form')
      .send('notifications[last_read_id]=67890');
    expect(form.body.notifications).toMatchObject({ last_read_id: '67890', version: 0, updated_at: created });
    expect((await getMarkers(reader)).body.notifications.last_read_id).toBe('67890');
  });

  it('keeps no home marker: saving only `home` stores nothing and answers {}', async () => {
    await appendsNothing(t, async () => {
      const res = await saveMarkers(reader, { home: { last_read_id: '1' } });
      expect([res.status, res.body]).toEqual([200, {}]);
    });
    expect((await getMarkers(reader, '?timeline[]=home')).body).toEqual({});
  });

  it('refuses malformed markers with a 400 and stores nothing', async () => {
    await appendsNothing(t, async () => {
      for (const body of [
        { notifications: 'x' },
        { notifications: {} },
        { notifications: { last_read_id: 'x'.repeat(300) } },
      ]) {
        const res = await saveMarkers(reader, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
      const res = await getMarkers(reader, '?timeline[]=statuses');
      expect(res.status).toBe(400);
    });
  });

  it('records each save as an event', async () => {
    const events = await t.deps.eventStore.readStream(`notifications-${reader.account.id}`);
    expect(events.filter((e) => e.type === 'NotificationsMarkerSaved').map((e) => e.data)).toEqual([
      { accountId: reader.account.id, lastReadId: '12345' },
      { accountId: reader.account.id, lastReadId: '67890' },
    ]);
  });
});
