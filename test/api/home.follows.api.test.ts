import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';
import { getAs, posted } from '../helpers/statuses.js';

let t: TestApp;
let reader: User;
let author: User;
let stranger: User;

const act = (user: User, target: User, action: string) =>
  request(t.app)
    .post(`/api/v1/accounts/${target.account.id}/${action}`)
    .set('Authorization', `Bearer ${user.token}`)
    .send({});

async function home(user: User): Promise<string[]> {
  const res = await getAs(t, '/api/v1/timelines/home', user.token);
  expect(res.status).toBe(200);
  return res.body.map((status: { content: string }) => status.content.replace(/<[^>]+>/g, ''));
}

beforeAll(async () => {
  t = await createTestApp();
  [reader, author, stranger] = await usersWithTokens(t, ['reader', 'author', 'stranger'] as const);
});
afterAll(() => t.close());

describe('the home timeline with follows', () => {
  it("shows a followed account's statuses from the moment of the follow on", async () => {
    await posted(t, author.token, { status: 'before the follow' });
    expect((await act(reader, author, 'follow')).status).toBe(200);
    await posted(t, author.token, { status: 'public after' });
    await posted(t, author.token, { status: 'for followers', visibility: 'private' });
    await posted(t, author.token, { status: 'direct to someone else', visibility: 'direct' });
    await posted(t, stranger.token, { status: 'not followed' });
    expect(await home(reader)).toEqual(['for followers', 'public after']);
  });

  it('lets a follower open a private status, and nobody else', async () => {
    const status = await posted(t, author.token, { status: 'private again', visibility: 'private' });
    expect((await getAs(t, `/api/v1/statuses/${status.id}`, reader.token)).status).toBe(200);
    expect((await getAs(t, `/api/v1/statuses/${status.id}`, stranger.token)).status).toBe(404);
  });

  it('hides them while muted, and shows them again once unmuted', async () => {
    await act(reader, author, 'mute');
    expect(await home(reader)).toEqual([]);
    await act(reader, author, 'unmute');
    expect(await home(reader)).toContain('public after');
  });

  it('drops them on unfollow; a new follow starts again from its own moment', async () => {
    await act(reader, author, 'unfollow');
    expect(await home(reader)).toEqual([]);
    await posted(t, author.token, { status: 'while not following' });
    await act(reader, author, 'follow');
    await posted(t, author.token, { status: 'after the new follow' });
    expect(await home(reader)).toEqual(['after the new follow']);
  });

  it("shows a locked account's statuses from the authorization on, none posted while the request waited", async () => {
    const locker = (await usersWithTokens(t, ['locker'] as const))[0];
    const lock = await request(t.app)
      .patch('/api/v1/accounts/update_credentials')
      .set('Authorization', `Bearer ${locker.token}`)
      .send({ locked: true });
    expect(lock.status).toBe(200);
    expect((await act(stranger, locker, 'follow')).body).toMatchObject({ requested: true, following: false });
    const waiting = await posted(t, locker.token, { status: 'while pending', visibility: 'private' });
    await posted(t, locker.token, { status: 'public while pending' });
    expect(await home(stranger)).not.toContain('while pending');
    expect((await getAs(t, `/api/v1/statuses/${waiting.id}`, stranger.token)).status).toBe(404);
    const authorize = await request(t.app)
      .post(`/api/v1/follow_requests/${stranger.account.id}/authorize`)
      .set('Authorization', `Bearer ${locker.token}`);
    expect(authorize.status).toBe(200);
    await posted(t, locker.token, { status: 'after authorization', visibility: 'private' });
    const shown = await home(stranger);
    expect(shown).toContain('after authorization');
    expect(shown).not.toContain('while pending');
    expect(shown).not.toContain('public while pending');
    expect((await getAs(t, `/api/v1/statuses/${waiting.id}`, stranger.token)).status).toBe(200);
  });

  it('drops them on block, whoever blocks', async () => {
    await act(author, reader, 'block');
    expect(await home(reader)).toEqual([]);
    expect((await act(reader, author, 'follow')).status).toBe(403);
  });
});
