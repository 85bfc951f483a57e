import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { purgeExpiredBackups } from '../../src/processes/backupPurge.js';
import * as images from '../fixtures/media/images.js';
import { appToken, userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { backupsSettled, readZip } from '../helpers/backups.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { mediaPath, tokenFor, upload, uploadedFiles } from '../helpers/media.js';
import { bearer, testClock } from '../helpers/mfa.js';
import { posted } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
interface BackupEntity {
  id: string;
  content_type: string;
  url: string;
  file_size: number;
  processed: boolean;
  inserted_at: string;
}

const DAY = 24 * 60 * 60;
const FILE_NAME = /^archive-alice-\d{8}T\d{6}-[A-Za-z0-9_-]{43}\.zip$/;
const clock = testClock();
let t: TestApp;
let alice: User;
let bob: User;

beforeAll(async () => {
  t = await createTestApp({ deps: { clock: clock.now } });
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
});
afterAll(() => t.close());

const backups = (token = alice.token) => request(t.app).get('/api/v1/pleroma/backups').set(bearer(token));
const requestBackup = (token = alice.token) =>
  request(t.app).post('/api/v1/pleroma/backups').set(bearer(token));
const fileName = (url: string) => new URL(url).pathname.split('/').at(-1)!;

async function download(url: string): Promise<Buffer> {
  const res = await request(t.app)
    .get(mediaPath(url))
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

/** alice's history: two statuses (one with a picture, one replying to bob), a like, a follower, a follow. */
async function seedHistory() {
  const media = await upload(t, 'post', '/api/v1/media', alice.token, 'file', images.png(3, 2), {
    fields: { description: 'a red square' },
  });
  const first = await posted(t, alice.token, { status: 'hello #cofe', media_ids: [media.body.id] });
  const bobs = await posted(t, bob.token, { status: 'hi @alice' });
  const reply = await posted(t, alice.token, { status: '@bob hi back', in_reply_to_id: bobs.id });
  await request(t.app).post(`/api/v1/statuses/${bobs.id}/favourite`).set(bearer(alice.token)).expect(200);
  await request(t.app).post(`/api/v1/accounts/${alice.account.id}/follow`).set(bearer(bob.token)).expect(200);
  await request(t.app).post(`/api/v1/accounts/${bob.account.id}/follow`).set(bearer(alice.token)).expect(200);
  return { first, bobs, reply, media: media.body };
}

describe('POST and GET /api/v1/pleroma/backups (§10)', () => {
  let backup: BackupEntity;
  let history: Awaited<ReturnType<typeof seedHistory>>;

  it('answers every backup of the account, the new one unprocessed, then the process stores the zip', async () => {
    history = await seedHistory();
    const res = await requestBackup().expect(200);
    expect(res.body).toHaveLength(1);
    backup = res.body[0];
    expect(Object.keys(backup)).toEqual([
      'id',
      'content_type',
      'url',
      'file_size',
      'processed',
      'inserted_at',
    ]);
    expect(backup).toMatchObject({ content_type: 'application/zip', file_size: 0, processed: false });
    expect(backup.url).toMatch(/^http:\/\/localhost:4000\/media\/backups\//);
    expect(fileName(backup.url)).toMatch(FILE_NAME);
    expect(backup.inserted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);

    await backupsSettled(t);
    const listed = await backups().expect(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ id: backup.id, url: backup.url, processed: true });
    const bytes = await download(backup.url);
    expect(listed.body[0].file_size).toBe(bytes.length);
    backup = listed.body[0];
  });

  it('holds the six ActivityStreams files Pleroma writes', async () => {
    const files = await readZip(await download(backup.url));
    expect([...files.keys()]).toEqual([
      'actor.json',
      'outbox.json',
      'likes.json',
      'bookmarks.json',
      'followers.json',
      'following.json',
    ]);
    const json = (name: string) => JSON.parse(files.get(name)!);
    const aliceId = 'http://localhost:4000/users/alice';
    const bobId = 'http://localhost:4000/users/bob';
    expect(json('actor.json')).toMatchObject({
      id: aliceId,
      type: 'Person',
      preferredUsername: 'alice',
      outbox: `${aliceId}/outbox`,
      likes: 'likes.json',
      bookmarks: 'bookmarks.json',
    });
    const collection = (name: string, items: unknown[]) => ({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${name}.json`,
      type: 'OrderedCollection',
      orderedItems: items,
      totalItems: items.length,
    });
    expect(json('likes.json')).toEqual(collection('likes', [history.bobs.uri]));
    expect(json('bookmarks.json')).toEqual(collection('bookmarks', []));
    expect(json('followers.json')).toEqual(collection('followers', [bobId]));
    expect(json('following.json')).toEqual(collection('following', [bobId]));

    const outbox = json('outbox.json');
    expect(outbox).toMatchObject({ id: 'outbox.json', type: 'OrderedCollection', totalItems: 2 });
    const [first, reply] = outbox.orderedItems;
    expect(reply).toMatchObject({
      type: 'Create',
      actor: aliceId,
      to: [bobId, 'https://www.w3.org/ns/activitystreams#Public'],
      cc: [`${aliceId}/followers`],
      object: {
        id: history.reply.uri,
        type: 'Note',
        attributedTo: aliceId,
        inReplyTo: history.bobs.uri,
        source: { content: '@bob hi back', mediaType: 'text/plain' },
        tag: [{ type: 'Mention', href: bobId, name: '@bob' }],
      },
    });
    expect(reply).not.toHaveProperty('@context');
    expect(first.object).toMatchObject({
      id: history.first.uri,
      content: history.first.content,
      tag: [{ type: 'Hashtag', name: '#cofe' }],
      attachment: [
        {
          type: 'Document',
          mediaType: 'image/png',
          url: [{ type: 'Link', mediaType: 'image/png', href: history.media.url, width: 3, height: 2 }],
          name: 'a red square',
        },
      ],
    });
  });

  it('mails "backup ready" with the download link to an account with an address', () => {
    const mails = t.mail.to('alice@example.org');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ subject: 'Your account archive is ready' });
    expect(mails[0]!.html).toContain(`<a href="${backup.url}">${backup.url}</a>`);
  });

  it('refuses another backup within 7 days with Pleroma’s text, appending nothing', async () => {
    clock.advance(7 * DAY); // exactly 7 whole days: still refused (the difference must exceed the limit)
    await appendsNothing(t, async () => {
      const res = await requestBackup().expect(400);
      expect(res.body).toEqual({ error: 'Last export was less than 7 days ago' });
    });
  });

  it('allows one after 7 whole days and purges the older once the new one is stored', async () => {
    clock.advance(DAY);
    const res = await requestBackup().expect(200);
    expect(res.body.map((b: BackupEntity) => b.id)).toEqual([res.body[0].id, backup.id]);
    await backupsSettled(t);
    const listed = await backups().expect(200);
    expect(listed.body.map((b: BackupEntity) => [b.id, b.processed])).toEqual([[res.body[0].id, true]]);
    const files = (await uploadedFiles(t)).filter((name) => name.startsWith('backups/'));
    expect(files).toEqual([`backups/${fileName(res.body[0].url)}`]);
    await request(t.app).get(mediaPath(backup.url)).expect(404);
    backup = listed.body[0];
  });

  it('purges a backup 30 days after it was requested', async () => {
    clock.advance(29 * DAY);
    expect(await purgeExpiredBackups(t.deps)).toBe(0);
    clock.advance(DAY);
    expect(await purgeExpiredBackups(t.deps)).toBe(1);
    expect((await backups().expect(200)).body).toEqual([]);
    expect((await uploadedFiles(t)).filter((name) => name.startsWith('backups/'))).toEqual([]);
    expect(await purgeExpiredBackups(t.deps)).toBe(0);
  });

  it('works for an account without an address, and mails nobody', async () => {
    const account = await registerAccount(
      t.deps,
      { nickname: 'quiet', email: null, password: 'quiet password', byAdmin: true },
      testContext(),
    );
    const token = await tokenFor(t, account.id, ['read']);
    const sent = t.mail.sent.length;
    await requestBackup(token).expect(200);
    await backupsSettled(t);
    const [only] = (await backups(token).expect(200)).body;
    expect(only).toMatchObject({ processed: true });
    const files = await readZip(await download(only.url));
    expect(JSON.parse(files.get('outbox.json')!)).toMatchObject({ orderedItems: [], totalItems: 0 });
    expect(t.mail.sent.length).toBe(sent);
  });
});

describe('authentication and scope (§10: read:backups, even to create)', () => {
  it('answers 403 with the missing scope to a token without read:backups', async () => {
    const token = await tokenFor(t, bob.account.id, ['write', 'follow']);
    for (const send of [backups, requestBackup]) {
      const res = await send(token).expect(403);
      expect(res.body).toEqual({ error: 'Insufficient permissions: read:backups.' });
    }
  });

  it('accepts read:backups alone', async () => {
    const token = await tokenFor(t, bob.account.id, ['read:backups']);
    await backups(token).expect(200, []);
  });

  it('answers 403 "Invalid credentials." without a user, app tokens included', async () => {
    await request(t.app).get('/api/v1/pleroma/backups').expect(403, { error: 'Invalid credentials.' });
    const { token } = await appToken(t, ['read']);
    await request(t.app)
      .post('/api/v1/pleroma/backups')
      .set(bearer(token))
      .expect(403, { error: 'Invalid credentials.' });
  });

  it('is served under /api/pleroma too', async () => {
    await request(t.app).get('/api/pleroma/backups').set(bearer(bob.token)).expect(200, []);
  });
});
