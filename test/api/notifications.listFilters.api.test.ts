import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, notificationsOf, settled } from '../helpers/notifications.js';
import { type NotificationsApp, notificationActs, useNotificationsApp } from '../helpers/notificationsApi.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';

/** GET /api/v1/notifications: what leaves the list besides types and accounts (Pleroma's for_user_query). */

let { t } = {} as NotificationsApp;
useNotificationsApp((made) => ({ t } = made));

const { post, relate, say, react } = notificationActs(() => t);

describe('exclude_visibilities[] (Pleroma’s exclude_visibility)', () => {
  let rue: User;

  beforeAll(async () => {
    let sol: User;
    [rue, sol] = await usersWithTokens(t, ['rue', 'sol'] as const);
    await relate(sol, 'follow', rue);
    const shared = await say(rue, 'mine, public');
    const guarded = await say(rue, 'mine, followers only', { visibility: 'private' });
    await say(sol, '@rue public');
    await say(sol, '@rue unlisted', { visibility: 'unlisted' });
    await say(sol, '@rue private', { visibility: 'private' });
    await say(sol, '@rue direct', { visibility: 'direct' });
    await post(`/api/v1/statuses/${shared.id}/favourite`, sol);
    await post(`/api/v1/statuses/${guarded.id}/favourite`, sol);
    await react(sol, shared.id, '👍');
    await react(sol, guarded.id, '🎉');
    await settled(t);
  });

  /** What each notification is, compactly: the type and the text or emoji it is about. */
  const listed = async (query: string) =>
    (await notificationsOf(t, rue, query)).map((n) =>
      [n.type, n.emoji ?? n.status?.content.replace(/<[^>]+>/g, '')].filter(Boolean).join(' '),
    );

  it('gives each notification the visibility of its activity, a favourite that of the favourited status', async () => {
    const all = await listed('');
    expect(all).toEqual([
      'pleroma:emoji_reaction 🎉',
      'pleroma:emoji_reaction 👍',
      'favourite mine, followers only',
      'favourite mine, public',
      'mention @rue direct',
      'mention @rue private',
      'mention @rue unlisted',
      'mention @rue public',
      'follow',
    ]);
    const without = (visibility: string) => listed(`?exclude_visibilities[]=${visibility}`);
    expect(await without('public')).toEqual(all.filter((n) => !/public$/.test(n)));
    // A follow copies the public, and a reaction on a public or unlisted status is unlisted: Pleroma's addressing.
    expect(await without('unlisted')).toEqual(
      all.filter((n) => !['pleroma:emoji_reaction 👍', 'mention @rue unlisted', 'follow'].includes(n)),
    );
    expect(await without('private')).toEqual(
      all.filter((n) => !['favourite mine, followers only', 'mention @rue private'].includes(n)),
    );
    expect(await without('direct')).toEqual(
      all.filter((n) => !['pleroma:emoji_reaction 🎉', 'mention @rue direct'].includes(n)),
    );
  });

  it('takes several, and drops values naming no visibility (none left: no filter)', async () => {
    const all = await listed('');
    expect(
      await listed('?exclude_visibilities[]=public&exclude_visibilities[]=unlisted&types[]=mention'),
    ).toEqual(['mention @rue direct', 'mention @rue private']);
    expect(await listed('?exclude_visibilities[]=bogus')).toEqual(all);
    expect(await listed('?exclude_visibilities=direct')).toEqual(
      all.filter((n) => !['pleroma:emoji_reaction 🎉', 'mention @rue direct'].includes(n)),
    );
  });
});

describe('a deactivated actor', () => {
  it('leaves the list before the limit, so a page stays full (Pleroma joins on active actors)', async () => {
    const [ann, ben, cy] = await usersWithTokens(t, ['ann', 'ben', 'cy'] as const);
    await say(cy, '@ann one');
    await say(ben, '@ann two');
    await say(ben, '@ann three');
    await say(cy, '@ann four');
    await settled(t);
    const disabled = await request(t.app)
      .post('/api/pleroma/disable_account')
      .query({ password: ben.password })
      .set(as(ben));
    expect(disabled.body).toEqual({ status: 'success' });
    await settled(t);
    const page = await notificationsOf(t, ann, '?limit=2');
    expect(page.map((n) => [n.account.acct, n.status?.content])).toEqual([
      ['cy', expect.stringContaining('four')],
      ['cy', expect.stringContaining('one')],
    ]);
  });

  it('is still shown alone by GET /api/v1/notifications/:id (Pleroma’s Notification.get asks for no active actor)', async () => {
    const [dee, eve] = await usersWithTokens(t, ['dee', 'eve'] as const);
    await say(eve, '@dee still there');
    await settled(t);
    const [mention] = await notificationsOf(t, dee);
    await request(t.app).post('/api/pleroma/disable_account').query({ password: eve.password }).set(as(eve));
    await settled(t);
    expect(await notificationsOf(t, dee)).toEqual([]);
    const shown = await request(t.app).get(`/api/v1/notifications/${mention!.id}`).set(as(dee));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id: mention!.id, type: 'mention', account: { acct: 'eve' } });
    expect(shown.body.status.content).toContain('still there');
  });
});
