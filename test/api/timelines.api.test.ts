import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postStatus as postStatusUseCase } from '../../src/commands/statuses/post.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { getAs, posted } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
let carol: User;
const base = 'http://localhost:4000';
const ids = (body: { id: string }[]) => body.map((s) => s.id);

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob, carol] = await Promise.all([
    userWithToken(t, 'alice'),
    userWithToken(t, 'bob'),
    userWithToken(t, 'carol'),
  ]);
});
afterAll(() => t.close());

describe('visibility in timelines', () => {
  const s: Record<string, string> = {};
  beforeAll(async () => {
    for (const visibility of ['public', 'unlisted', 'private', 'direct']) {
      s[visibility] = (await posted(t, alice.token, { status: `${visibility} #vis @bob`, visibility })).id;
    }
    s.carolPublic = (await posted(t, carol.token, { status: 'carol says hi #vis' })).id;
  });

  it('home: own statuses and those addressed to the viewer, nothing else', async () => {
    const home = async (token: string) => ids((await getAs(t, '/api/v1/timelines/home', token)).body);
    expect(await home(alice.token)).toEqual([s.direct, s.private, s.unlisted, s.public]);
    expect(await home(bob.token)).toEqual([s.direct, s.private, s.unlisted, s.public]);
    expect(await home(carol.token)).toEqual([s.carolPublic]);
  });

  it('home needs a user token', async () => {
    const res = await getAs(t, '/api/v1/timelines/home');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'Invalid credentials.' });
  });

  it('public: public statuses only, for everyone, local or not', async () => {
    for (const token of [alice.token, bob.token, carol.token, undefined]) {
      for (const query of ['', '?local=true', '?local=false']) {
        const res = await getAs(t, `/api/v1/timelines/public${query}`, token);
        expect(res.status).toBe(200);
        expect(ids(res.body)).toEqual([s.carolPublic, s.public]);
      }
    }
    expect((await getAs(t, '/api/v1/timelines/public?remote=true')).body).toEqual([]);
    expect((await getAs(t, '/api/v1/timelines/public?only_media=true')).body).toEqual([]);
  });

  it('hashtag: public statuses with the tag, in any case', async () => {
    expect(ids((await getAs(t, '/api/v1/timelines/tag/VIS', bob.token)).body)).toEqual([
      s.carolPublic,
      s.public,
    ]);
    expect((await getAs(t, '/api/v1/timelines/tag/nothing')).body).toEqual([]);
  });

  it('renders every status completely, without direct_conversation_id', async () => {
    const [status] = (await getAs(t, '/api/v1/timelines/home', alice.token)).body;
    expect(status.pleroma).toMatchObject({ direct_conversation_id: null, emoji_reactions: [] });
    expect(status.account.acct).toBe('alice');
  });
});

describe('pagination', () => {
  let dave: User;
  let all: string[];
  beforeAll(async () => {
    dave = await userWithToken(t, 'dave');
    for (let i = 0; i < 45; i++) {
      await postStatusUseCase(
        t.deps,
        dave.account.id,
        { status: `status ${i}` },
        testContext(dave.account.id),
      );
    }
    all = ids((await getAs(t, `/api/v1/accounts/${dave.account.id}/statuses?limit=40`)).body);
    all.push(
      ...ids(
        (await getAs(t, `/api/v1/accounts/${dave.account.id}/statuses?limit=40&max_id=${all.at(-1)}`)).body,
      ),
    );
  });
  const home = (query: string) => getAs(t, `/api/v1/timelines/home${query}`, dave.token);

  it('pages newest first: 20 by default, at most 40, everything exactly once', async () => {
    expect(all).toHaveLength(45);
    expect([...all].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1))).toEqual(all);
    expect(ids((await home('')).body)).toEqual(all.slice(0, 20));
    expect(ids((await home('?limit=100')).body)).toEqual(all.slice(0, 40));
    expect(ids((await home('?limit=99999999999999999999')).body)).toEqual(all.slice(0, 40));
    expect(ids((await home('?limit=5')).body)).toEqual(all.slice(0, 5));
    expect(ids((await home('?limit=')).body)).toEqual(all.slice(0, 20));
    expect((await home('?limit=0')).body).toEqual([]);
  });

  it('honours max_id, since_id and min_id, and casts but ignores offset as Pleroma’s keyset pagination does', async () => {
    expect(ids((await home(`?max_id=${all[9]}&limit=3`)).body)).toEqual(all.slice(10, 13));
    expect(ids((await home(`?since_id=${all[9]}`)).body)).toEqual(all.slice(0, 9));
    expect(ids((await home(`?since_id=${all[30]}&limit=3`)).body)).toEqual(all.slice(0, 3));
    // min_id: the page just above it, still newest first
    expect(ids((await home(`?min_id=${all[30]}&limit=3`)).body)).toEqual(all.slice(27, 30));
    expect(ids((await home(`?max_id=${all[5]}&min_id=${all[10]}`)).body)).toEqual(all.slice(6, 10));
    expect(ids((await home('?offset=2&limit=2')).body)).toEqual(all.slice(0, 2));
  });

  it('sets Link headers with next (max_id) and prev (min_id), keeping other parameters', async () => {
    const res = await getAs(
      t,
      `/api/v1/accounts/${dave.account.id}/statuses?limit=3&exclude_replies=true&max_id=${all[0]}`,
      dave.token,
    );
    const path = `${base}/api/v1/accounts/${dave.account.id}/statuses`;
    expect(res.headers.link).toBe(
      `<${path}?limit=3&exclude_replies=true&max_id=${all[3]}>; rel="next", ` +
        `<${path}?limit=3&exclude_replies=true&min_id=${all[1]}>; rel="prev"`,
    );
    const next = await getAs(
      t,
      res.headers.link!.match(/<([^>]+)>; rel="next"/)![1]!.replace(base, ''),
      dave.token,
    );
    expect(ids(next.body)).toEqual(all.slice(4, 7));
    const empty = await home(`?since_id=${all[0]}`);
    expect(empty.body).toEqual([]);
    expect(empty.headers.link).toBeUndefined();
    expect((await home('?limit=2')).headers.link).toContain('/api/v1/timelines/home?limit=2&max_id=');
  });

  it('refuses malformed pagination with a Pleroma-shaped 400, never a 500, appending nothing', async () => {
    await appendsNothing(t, async () => {
      for (const query of [
        '?max_id=abc',
        '?since_id=1.5',
        '?min_id=-1',
        '?max_id=99999999999999999999',
        '?limit=abc',
        '?limit=-3',
        '?offset=x',
        '?offset=100000000000000000000',
        '?max_id[]=1',
      ]) {
        for (const path of [
          '/api/v1/timelines/home',
          '/api/v1/timelines/public',
          `/api/v1/accounts/${dave.account.id}/statuses`,
          '/api/v1/timelines/tag/x',
        ]) {
          const res = await getAs(t, `${path}${query}`, dave.token);
          expect([path, query, res.status]).toEqual([path, query, 400]);
          expect(res.body.error).toMatch(/^(max_id|since_id|min_id|limit|offset) - Invalid/);
          expect(res.body.errors[0].title).toBe('Invalid value');
        }
      }
    });
  });
});
