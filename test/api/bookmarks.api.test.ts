import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKMARKS_PROJECTOR } from '../../src/projections/bookmarks/projector.js';
import { bookmarksPage } from '../../src/projections/bookmarks/queries.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { lastPosition, type User, usersWithTokens } from '../helpers/relationships.js';
import { posted } from '../helpers/statuses.js';

/** Bookmarks: POST /api/v1/statuses/:id/bookmark and /unbookmark, GET /api/v1/bookmarks, a Status's `bookmarked`. */

let t: TestApp;
let ann: User;
let bob: User;

beforeAll(async () => {
  t = await createTestApp();
  [ann, bob] = await usersWithTokens(t, ['ann', 'bob'] as const);
});
afterAll(() => t.close());

const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });
const post = (user: User, path: string) => request(t.app).post(path).set(as(user)).send({});
const get = (user: User, path: string) => request(t.app).get(path).set(as(user));
const textsOf = (body: { content: string }[]) => body.map((status) => status.content.replace(/<[^>]+>/g, ''));

describe('bookmarks', () => {
  it('bookmarks a status: the answer, the status and the timelines show it to its bookmarker only', async () => {
    const status = await posted(t, bob.token, { status: 'worth keeping' });
    const res = await post(ann, `/api/v1/statuses/${status.id}/bookmark`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: status.id, bookmarked: true });
    expect((await get(ann, `/api/v1/statuses/${status.id}`)).body.bookmarked).toBe(true);
    expect((await get(bob, `/api/v1/statuses/${status.id}`)).body.bookmarked).toBe(false);
    const timeline = (await get(ann, '/api/v1/timelines/public')).body as {
      id: string;
      bookmarked: boolean;
    }[];
    expect(timeline.find((s) => s.id === status.id)?.bookmarked).toBe(true);
    await appendsNothing(t, async () => {
      expect((await post(ann, `/api/v1/statuses/${status.id}/bookmark`)).body.bookmarked).toBe(true);
    });
  });

  it('lists them newest bookmark first, paged by bookmark id with Link headers', async () => {
    const [first, second, third] = [
      await posted(t, bob.token, { status: 'first' }),
      await posted(t, bob.token, { status: 'second' }),
      await posted(t, bob.token, { status: 'third' }),
    ];
    for (const status of [second, third, first])
      await post(ann, `/api/v1/statuses/${status.id}/bookmark`).expect(200);
    const page = await get(ann, '/api/v1/bookmarks?limit=2');
    expect(textsOf(page.body)).toEqual(['first', 'third']);
    const next = /<([^>]+)>; rel="next"/.exec(String(page.headers.link))![1]!;
    const rest = await get(ann, new URL(next).pathname + new URL(next).search);
    expect(textsOf(rest.body)).toEqual(['second', 'worth keeping']);
  });

  it('unbookmarks, and unbookmarking what is not bookmarked is no error', async () => {
    const status = await posted(t, bob.token, { status: 'passing' });
    await post(ann, `/api/v1/statuses/${status.id}/bookmark`).expect(200);
    const res = await post(ann, `/api/v1/statuses/${status.id}/unbookmark`);
    expect([res.status, res.body.bookmarked]).toEqual([200, false]);
    await appendsNothing(t, async () => {
      expect((await post(ann, `/api/v1/statuses/${status.id}/unbookmark`)).status).toBe(200);
    });
    expect(textsOf((await get(ann, '/api/v1/bookmarks')).body)).not.toContain('passing');
  });

  it('answers 404 for a status unknown or not visible, appending nothing', async () => {
    const direct = await posted(t, bob.token, { status: 'just me', visibility: 'direct' });
    await appendsNothing(t, async () => {
      for (const id of [direct.id, '999999']) {
        const res = await post(ann, `/api/v1/statuses/${id}/bookmark`);
        expect([res.status, res.body], id).toEqual([404, { error: 'Record not found' }]);
      }
    });
  });

  it('forgets a deleted status: the read model drops its bookmarks', async () => {
    const status = await posted(t, bob.token, { status: 'soon gone' });
    await post(ann, `/api/v1/statuses/${status.id}/bookmark`).expect(200);
    await request(t.app).delete(`/api/v1/statuses/${status.id}`).set(as(bob)).expect(200);
    await t.engine.waitFor([BOOKMARKS_PROJECTOR], await lastPosition(t));
    const kept = await bookmarksPage(t.deps.db, ann.account.id, { limit: 40 });
    expect(kept.map((bookmark) => bookmark.statusId)).not.toContain(status.id);
    expect(kept.length).toBeGreaterThan(0);
  });
});
