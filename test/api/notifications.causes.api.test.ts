import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { FOLLOWER_MOVES } from '../../src/processes/followerMoves.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { as, NOTIFICATION_KEYS, notificationsOf, summary } from '../helpers/notifications.js';
import { type NotificationsApp, notificationActs, useNotificationsApp } from '../helpers/notificationsApi.js';
import { lastPosition, type User, usersWithTokens } from '../helpers/relationships.js';
import { STATUS_KEYS } from '../helpers/statuses.js';

let { t, alice, bob, carol, dave } = {} as NotificationsApp;
useNotificationsApp((made) => ({ t, alice, bob, carol, dave } = made));

const { post, relate, say, react } = notificationActs(() => t);

describe('what notifies whom', () => {
  let statusId: string;

  it('a mention, a favourite, a reaction and a follow notify alice, newest first', async () => {
    statusId = (await say(alice, 'Hello')).id;
    await say(bob, 'Hi @alice');
    expect((await post(`/api/v1/statuses/${statusId}/favourite`, bob)).status).toBe(200);
    expect((await react(bob, statusId, '👍')).status).toBe(200);
    expect((await relate(bob, 'follow', alice)).status).toBe(200);
    expect(await summary(t, alice)).toEqual([
      ['follow', 'bob'],
      ['pleroma:emoji_reaction', 'bob'],
      ['favourite', 'bob'],
      ['mention', 'bob'],
    ]);
  });

  it('renders the Notification entity (§12.4) with the fields of each type', async () => {
    const [follow, reaction, favourite, mention] = await notificationsOf(t, alice);
    for (const n of [follow!, reaction!, favourite!, mention!]) {
      expect(n.group_key).toBe(`ungrouped-${n.id}`);
      expect(n.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      expect(n.pleroma).toEqual({ is_seen: false, is_muted: false });
      expect(n.account.id).toBe(bob.account.id);
    }
    expect(Object.keys(follow!).sort()).toEqual(NOTIFICATION_KEYS);
    expect(Object.keys(favourite!).sort()).toEqual([...NOTIFICATION_KEYS, 'status'].sort());
    expect(Object.keys(reaction!).sort()).toEqual(
      [...NOTIFICATION_KEYS, 'emoji', 'emoji_url', 'status'].sort(),
    );
    expect(reaction).toMatchObject({ emoji: '👍', emoji_url: null, status: { id: statusId } });
    expect(Object.keys(favourite!.status!).sort()).toEqual(STATUS_KEYS);
    expect(favourite!.status).toMatchObject({ id: statusId, favourited: false, favourites_count: 1 });
    expect(mention!.status!.content).toContain('@<span>alice</span>');
  });

  it('a custom emoji reaction carries :shortcode: and the image URL (§9.6)', async () => {
    expect((await react(carol, statusId, 'blobfox')).status).toBe(200);
    const [latest] = await notificationsOf(t, alice);
    expect(latest).toMatchObject({ type: 'pleroma:emoji_reaction', emoji: ':blobfox:' });
    expect(latest!.emoji_url).toMatch(/^http:\/\/localhost:4000\/emoji\/.*blobfox\.png$/);
  });

  it('undoing the cause removes its notification: unfavourite, reaction removed, status deleted', async () => {
    await post(`/api/v1/statuses/${statusId}/unfavourite`, bob);
    await request(t.app).delete(`/api/v1/pleroma/statuses/${statusId}/reactions/blobfox`).set(as(carol));
    const mention = await say(carol, '@alice look');
    expect((await summary(t, alice))[0]).toEqual(['mention', 'carol']);
    await request(t.app).delete(`/api/v1/statuses/${mention.id}`).set(as(carol));
    expect(await summary(t, alice)).toEqual([
      ['follow', 'bob'],
      ['pleroma:emoji_reaction', 'bob'],
      ['mention', 'bob'],
    ]);
  });

  it('nothing for one’s own acts', async () => {
    await post(`/api/v1/statuses/${statusId}/favourite`, alice);
    await react(alice, statusId, '🎉');
    await say(alice, 'Talking to myself, @alice');
    expect(await summary(t, alice)).toHaveLength(3);
  });

  it('a subscriber hears of new posts (`status`), not of replies', async () => {
    expect((await post(`/api/v1/pleroma/accounts/${bob.account.id}/subscribe`, dave)).status).toBe(200);
    const news = await say(bob, 'News for subscribers');
    await say(bob, 'A reply', { in_reply_to_id: news.id });
    const [first, ...rest] = await notificationsOf(t, dave);
    expect(first).toMatchObject({ type: 'status', account: { acct: 'bob' }, status: { id: news.id } });
    expect(rest.filter((n) => n.type === 'status')).toEqual([]);
  });

  it('a public reply notifies the replied-to author as a mention', async () => {
    const reply = await say(carol, 'I agree', { in_reply_to_id: statusId });
    const [latest] = await notificationsOf(t, alice);
    expect(latest).toMatchObject({ type: 'mention', account: { acct: 'carol' }, status: { id: reply.id } });
  });
});

describe('blocks, mutes and block_from_strangers', () => {
  let erin: User;
  let frank: User;
  let gina: User;

  beforeAll(async () => {
    [erin, frank, gina] = await usersWithTokens(t, ['erin', 'frank', 'gina'] as const);
  });

  it('nothing from an account the recipient blocks; one that blocks them still notifies (blockers_visible)', async () => {
    await relate(erin, 'block', frank);
    await relate(gina, 'block', erin);
    await say(frank, '@erin hello?');
    await say(gina, '@erin hi');
    // Pleroma's blockers_visible (true by default): neither created nor read leaves out an account that blocks
    // the recipient; only the recipient's own blocks count.
    expect(await summary(t, erin)).toEqual([['mention', 'gina']]);
    await say(gina, '@erin still here');
    expect(await summary(t, erin, '?types[]=mention')).toEqual([
      ['mention', 'gina'],
      ['mention', 'gina'],
    ]);
  });

  it('nothing from an account muted with its notifications', async () => {
    const [henry] = await usersWithTokens(t, ['henry'] as const);
    await relate(erin, 'mute', henry);
    await say(henry, '@erin muted');
    const fromHenry = async (query = '') =>
      (await summary(t, erin, query)).filter(([, acct]) => acct === 'henry');
    expect(await fromHenry()).toEqual([]);
    // ... unless asked for with_muted? They were never created: Pleroma skips them at creation.
    expect(await fromHenry('?with_muted=true')).toEqual([]);
  });

  it('an account muted without its notifications notifies, seen and is_muted', async () => {
    const [ivy] = await usersWithTokens(t, ['ivy'] as const);
    await relate(erin, 'mute', ivy, { notifications: false });
    await say(ivy, '@erin quietly');
    const [n] = await notificationsOf(t, erin);
    expect(n).toMatchObject({
      type: 'mention',
      account: { acct: 'ivy' },
      pleroma: { is_seen: true, is_muted: true },
    });
  });

  it('hides what came before a block, and shows it again after the unblock', async () => {
    const [jack] = await usersWithTokens(t, ['jack'] as const);
    await say(jack, '@erin before');
    expect((await summary(t, erin))[0]).toEqual(['mention', 'jack']);
    await relate(erin, 'block', jack);
    expect((await summary(t, erin)).map(([, who]) => who)).not.toContain('jack');
    await relate(erin, 'unblock', jack);
    expect((await summary(t, erin))[0]).toEqual(['mention', 'jack']);
  });

  it('block_from_strangers: only accounts the user follows notify them (§1.4)', async () => {
    const [kim, leo] = await usersWithTokens(t, ['kim', 'leo'] as const);
    const set = await request(t.app)
      .put('/api/pleroma/notification_settings')
      .set(as(gina))
      .send({ block_from_strangers: true });
    expect(set.body).toEqual({ status: 'success' });
    await relate(gina, 'follow', leo);
    await say(kim, '@gina from a stranger');
    await say(leo, '@gina from a friend');
    expect(await summary(t, gina)).toEqual([['mention', 'leo']]);
  });
});

describe('follow requests and moves', () => {
  let mia: User;
  let ned: User;
  let oli: User;

  beforeAll(async () => {
    [mia, ned, oli] = await usersWithTokens(t, ['mia', 'ned', 'oli'] as const);
    await request(t.app).patch('/api/v1/accounts/update_credentials').set(as(mia)).send({ locked: true });
  });

  it('a request to a locked account is a follow_request; authorized, it becomes a follow', async () => {
    await relate(ned, 'follow', mia);
    const [request_] = await notificationsOf(t, mia);
    expect(request_).toMatchObject({ type: 'follow_request', account: { acct: 'ned' } });
    await post(`/api/v1/follow_requests/${ned.account.id}/authorize`, mia);
    const [follow] = await notificationsOf(t, mia);
    expect(follow).toMatchObject({ id: request_!.id, type: 'follow', account: { acct: 'ned' } });
  });

  it('a rejected request takes its notification along', async () => {
    await relate(oli, 'follow', mia);
    expect((await summary(t, mia))[0]).toEqual(['follow_request', 'oli']);
    await post(`/api/v1/follow_requests/${oli.account.id}/reject`, mia);
    expect(await summary(t, mia)).toEqual([['follow', 'ned']]);
  });

  it('a cancelled request keeps its notification, as Pleroma only marks the request cancelled', async () => {
    const [pia] = await usersWithTokens(t, ['pia'] as const);
    await relate(pia, 'follow', mia);
    await relate(pia, 'unfollow', mia);
    expect((await summary(t, mia))[0]).toEqual(['follow_request', 'pia']);
  });

  it('a move notifies every follower, with the target', async () => {
    const [origin, target] = await usersWithTokens(t, ['origin', 'target'] as const);
    await relate(oli, 'follow', origin);
    await request(t.app).put('/api/pleroma/aliases').set(as(target)).send({ alias: 'origin' });
    const moved = await post('/api/pleroma/move_account', origin, {
      password: origin.password,
      target_account: 'target',
    });
    expect(moved.body).toEqual({ status: 'success' });
    await t.processes.waitFor([processCheckpointName(FOLLOWER_MOVES)], await lastPosition(t));
    const notifications = await notificationsOf(t, oli);
    const move = notifications.find((n) => n.type === 'move');
    expect(Object.keys(move!).sort()).toEqual([...NOTIFICATION_KEYS, 'target'].sort());
    expect(move).toMatchObject({ account: { acct: 'origin' }, target: { acct: 'target' } });
  });
});
