import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';
import { getAs, posted } from '../helpers/statuses.js';

let t: TestApp;
let reader: User;
let blocked: User;
let muted: User;
let friend: User;
let other: User;

const act = async (user: User, target: User, action: string) => {
  const res = await request(t.app)
    .post(`/api/v1/accounts/${target.account.id}/${action}`)
    .set('Authorization', `Bearer ${user.token}`)
    .send({});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

/** The plain text of a timeline's statuses, newest first. */
async function texts(path: string, user?: User): Promise<string[]> {
  const res = await getAs(t, path, user?.token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.map((status: { pleroma: { content: { 'text/plain': string } } }) =>
    status.pleroma.content['text/plain'].replace(/ #\w+$/, ''),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  [reader, blocked, muted, friend, other] = await usersWithTokens(t, [
    'reader',
    'blocked',
    'muted',
    'friend',
    'other',
  ] as const);
  await act(reader, friend, 'follow');
  await posted(t, other.token, { status: 'other says hi #filt' });
  await posted(t, friend.token, { status: 'friend posts #filt' });
  await posted(t, muted.token, { status: '@reader from muted #filt' });
  await posted(t, blocked.token, { status: '@reader from blocked #filt' });
  await act(reader, blocked, 'block');
  await act(reader, muted, 'mute');
});
afterAll(() => t.close());

describe('timelines leave out what the reader blocks and mutes (restrict_blocked, restrict_muted)', () => {
  it('home: no mention from a blocked or muted account; with_muted=true shows the muted one', async () => {
    expect(await texts('/api/v1/timelines/home', reader)).toEqual(['friend posts']);
    expect(await texts('/api/v1/timelines/home?with_muted=true', reader)).toEqual([
      '@reader from muted',
      'friend posts',
    ]);
  });

  it('home: a followed account muted later is hidden, and shown with with_muted=true', async () => {
    await act(reader, friend, 'mute');
    expect(await texts('/api/v1/timelines/home', reader)).toEqual([]);
    expect(await texts('/api/v1/timelines/home?with_muted=1', reader)).toEqual([
      '@reader from muted',
      'friend posts',
    ]);
    await act(reader, friend, 'unmute');
  });

  it("marks a muted author's statuses muted: true for the muting reader only (§12.3, User.mutes?)", async () => {
    const mutedFlags = async (path: string, user: User) =>
      (await getAs(t, path, user.token)).body.map((s: { muted: boolean }) => s.muted);
    expect(await mutedFlags('/api/v1/timelines/home?with_muted=true', reader)).toEqual([true, false]);
    const [mutedStatus] = (await getAs(t, '/api/v1/timelines/home?with_muted=true', reader.token)).body;
    expect((await getAs(t, `/api/v1/statuses/${mutedStatus.id}`, reader.token)).body.muted).toBe(true);
    expect((await getAs(t, `/api/v1/statuses/${mutedStatus.id}`, other.token)).body.muted).toBe(false);
    expect((await getAs(t, `/api/v1/statuses/${mutedStatus.id}`)).body.muted).toBe(false);
  });

  it('home: a page is filled past the statuses left out', async () => {
    expect(await texts('/api/v1/timelines/home?limit=1', reader)).toEqual(['friend posts']);
  });

  it('public and hashtag: the reader misses what they block and mute, others see everything', async () => {
    const everything = ['@reader from blocked', '@reader from muted', 'friend posts', 'other says hi'];
    for (const path of ['/api/v1/timelines/public', '/api/v1/timelines/tag/filt']) {
      expect(await texts(path, reader)).toEqual(['friend posts', 'other says hi']);
      expect(await texts(`${path}?with_muted=true`, reader)).toEqual(everything.slice(1));
      expect(await texts(path, other)).toEqual(everything);
      expect(await texts(path)).toEqual(everything);
      expect(await texts(`${path}?limit=1`, reader)).toEqual(['friend posts']);
    }
  });
});

describe('exclude_visibilities[]', () => {
  beforeAll(async () => {
    for (const visibility of ['public', 'unlisted', 'private', 'direct']) {
      await posted(t, other.token, { status: `@reader ${visibility} #vis`, visibility });
    }
  });

  it('leaves those visibilities out of home, ignoring values that name none', async () => {
    const home = '/api/v1/timelines/home?exclude_visibilities[]=direct&exclude_visibilities[]=local';
    expect(
      await texts(`${home}&exclude_visibilities[]=private&exclude_visibilities[]=bogus`, reader),
    ).toEqual(['@reader unlisted', '@reader public', 'friend posts']);
    expect(await texts('/api/v1/timelines/home?exclude_visibilities=unlisted&limit=2', reader)).toEqual([
      '@reader direct',
      '@reader private',
    ]);
    expect(await texts('/api/v1/timelines/home?exclude_visibilities[]=nothing', reader)).toHaveLength(5);
  });

  it('applies to the public and hashtag timelines and to an account’s statuses', async () => {
    expect(await texts('/api/v1/timelines/public?exclude_visibilities[]=public', reader)).toEqual([]);
    expect(await texts('/api/v1/timelines/tag/vis?exclude_visibilities[]=unlisted')).toEqual([
      '@reader public',
    ]);
    const account = `/api/v1/accounts/${other.account.id}/statuses`;
    expect(
      await texts(`${account}?exclude_visibilities[]=public&exclude_visibilities[]=direct`, reader),
    ).toEqual(['@reader private', '@reader unlisted']);
  });

  it('keeps the parameters in the Link header', async () => {
    const res = await getAs(t, '/api/v1/timelines/home?exclude_visibilities[]=direct&limit=1', reader.token);
    expect(res.headers.link).toContain('exclude_visibilities%5B%5D=direct&limit=1&max_id=');
  });

  it('refuses a malformed list with a Pleroma-shaped 400, appending nothing', async () => {
    await appendsNothing(t, async () => {
      for (const path of [
        '/api/v1/timelines/home',
        '/api/v1/timelines/public',
        '/api/v1/timelines/tag/vis',
      ]) {
        const res = await getAs(t, `${path}?exclude_visibilities[a][b]=public`, reader.token);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.body.error).toMatch(/^exclude_visibilities - Invalid/);
      }
    });
  });
});

describe("reply_visibility (Pleroma's restrict_replies)", () => {
  let pal: User;
  beforeAll(async () => {
    [pal] = await usersWithTokens(t, ['pal'] as const);
    await act(reader, pal, 'follow');
    const root = async (user: User, status: string) => (await posted(t, user.token, { status })).id;
    const [readerRoot, otherRoot, palRoot] = [
      await root(reader, 'reader root #rv'),
      await root(other, 'other root #rv'),
      await root(pal, 'pal root #rv'),
    ];
    const reply = (user: User, status: string, to: string) =>
      posted(t, user.token, { status, in_reply_to_id: to });
    await reply(friend, 'friend to other #rv', otherRoot);
    await reply(friend, 'friend to reader #rv', readerRoot);
    await reply(other, 'other to pal #rv', palRoot);
    await reply(reader, 'mine to other #rv', otherRoot);
  });

  const replies = async (path: string) =>
    (await texts(path, reader)).filter((text) => / to /.test(text)).sort();

  it('public: following keeps replies to the reader or whom they follow, self only those to the reader', async () => {
    const all = ['friend to other', 'friend to reader', 'mine to other', 'other to pal'];
    expect(await replies('/api/v1/timelines/public')).toEqual(all);
    expect(await replies('/api/v1/timelines/public?reply_visibility=following')).toEqual([
      'friend to reader',
      'mine to other',
      'other to pal',
    ]);
    expect(await replies('/api/v1/timelines/public?reply_visibility=self')).toEqual([
      'friend to reader',
      'mine to other',
    ]);
    // Anonymous readers see every reply.
    const anonymous = await getAs(t, '/api/v1/timelines/public?reply_visibility=self');
    expect(anonymous.body.filter((s: { in_reply_to_id: string | null }) => s.in_reply_to_id)).toHaveLength(4);
  });

  it('home: the same rules, before the limit', async () => {
    expect(await replies('/api/v1/timelines/home')).toEqual([
      'friend to other',
      'friend to reader',
      'mine to other',
    ]);
    expect(await replies('/api/v1/timelines/home?reply_visibility=self')).toEqual([
      'friend to reader',
      'mine to other',
    ]);
    expect(await texts('/api/v1/timelines/home?reply_visibility=self&limit=1', reader)).toEqual([
      'mine to other',
    ]);
  });

  it('refuses a value it does not know with a 400', async () => {
    const res = await getAs(t, '/api/v1/timelines/home?reply_visibility=bogus', reader.token);
    expect([res.status, res.body.error]).toEqual([400, 'reply_visibility - Invalid value for enum.']);
  });
});

describe("a deactivated account's statuses (Pleroma's restrict_deactivated_users)", () => {
  it('leave home, public, hashtag and thread views once it is disabled', async () => {
    const [gone] = await usersWithTokens(t, ['gone'] as const);
    await act(reader, gone, 'follow');
    const root = await posted(t, other.token, { status: 'a thread #gn' });
    await posted(t, gone.token, { status: 'soon gone #gn', in_reply_to_id: root.id });
    const views = [
      '/api/v1/timelines/home',
      '/api/v1/timelines/public',
      '/api/v1/timelines/tag/gn',
      `/api/v1/statuses/${root.id}/context`,
    ];
    const shown = async (path: string) => {
      const body = (await getAs(t, path, reader.token)).body;
      const statuses: { content: string }[] = Array.isArray(body) ? body : body.descendants;
      return statuses.some((s) => s.content.includes('soon gone'));
    };
    for (const path of views) expect(await shown(path), path).toBe(true);
    const disabled = await request(t.app)
      .post('/api/pleroma/disable_account')
      .query({ password: gone.password })
      .set('Authorization', `Bearer ${gone.token}`);
    expect(disabled.body).toEqual({ status: 'success' });
    for (const path of views) expect(await shown(path), path).toBe(false);
  });
});

describe("restrict_muted in full: statuses addressed to a muted account, and a muted account's own page", () => {
  it('leave public and home unless with_muted=true; the reader’s own stay', async () => {
    await posted(t, friend.token, { status: 'hello @muted #am' });
    await posted(t, reader.token, { status: 'mine to @muted #am' });
    for (const path of ['/api/v1/timelines/public', '/api/v1/timelines/home']) {
      const shown = async (query: string) =>
        (await texts(`${path}${query}`, reader)).filter((text) => text.includes('@muted'));
      expect(await shown(''), path).toEqual(['mine to @muted']);
      expect(await shown('?with_muted=true'), path).toEqual(['mine to @muted', 'hello @muted']);
    }
  });

  it("empties a muted account's page for the reader unless with_muted=true, as Pleroma's fetch_user_activities", async () => {
    const page = `/api/v1/accounts/${muted.account.id}/statuses`;
    expect(await texts(page, reader)).toEqual([]);
    expect(await texts(`${page}?with_muted=true`, reader)).toEqual(['@reader from muted']);
    expect(await texts(page, other)).toEqual(['@reader from muted']);
  });
});

describe("the hashtag timeline's any[], all[], none[] and only_media; home's only_media and remote", () => {
  it('takes any of the tags, all of all[], none of none[]', async () => {
    await posted(t, other.token, { status: 'one #zeta' });
    await posted(t, other.token, { status: 'two #eta' });
    await posted(t, other.token, { status: 'three #zeta #eta' });
    const tag = (query: string) => texts(`/api/v1/timelines/tag/zeta${query}`);
    expect(await tag('')).toEqual(['three #zeta', 'one']);
    expect(await tag('?any[]=ETA')).toEqual(['three #zeta', 'two', 'one']);
    expect(await tag('?all[]=eta')).toEqual(['three #zeta']);
    expect(await tag('?none[]=eta')).toEqual(['one']);
    expect(await tag('?only_media=true')).toEqual([]);
  });

  it('home takes only_media, and remote=true (every status here is local) leaves none', async () => {
    expect(await texts('/api/v1/timelines/home', reader)).not.toEqual([]);
    expect(await texts('/api/v1/timelines/home?only_media=true', reader)).toEqual([]);
    expect(await texts('/api/v1/timelines/home?remote=true', reader)).toEqual([]);
    expect(await texts('/api/v1/timelines/public?local=true&remote=true', reader)).toEqual([]);
  });
});
