import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as images from '../fixtures/media/images.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { upload } from '../helpers/media.js';
import { getAs, posted, postStatus } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
type Attachment = { id: string; url: string; description: string | null } & Record<string, unknown>;
let t: TestApp;
let alice: User;
let bob: User;

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
});
afterAll(() => t.close());

async function uploadAs(user: User, bytes = images.png(3, 2), description?: string): Promise<Attachment> {
  const fields: Record<string, string> = description === undefined ? {} : { description };
  const res = await upload(t, 'post', '/api/v1/media', user.token, 'file', bytes, { fields });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('POST /api/v1/statuses with media_ids', () => {
  it('attaches the uploads in the order given and renders each as §12.5', async () => {
    const first = await uploadAs(alice, images.png(3, 2), 'a red square');
    const second = await uploadAs(alice, images.gif());
    const status = await posted(t, alice.token, { status: 'two pictures', media_ids: [second.id, first.id] });
    const attachments = status.media_attachments as Attachment[];
    expect(attachments.map((a) => a.id)).toEqual([second.id, first.id]);
    expect(attachments[1]).toEqual(first);
    expect(attachments[1]).toMatchObject({
      type: 'image',
      description: 'a red square',
      pleroma: { mime_type: 'image/png' },
      meta: { original: { width: 3, height: 2, aspect: 1.5 } },
    });
  });

  it('allows a post with media and no text', async () => {
    const media = await uploadAs(alice);
    const status = await posted(t, alice.token, { media_ids: [media.id] });
    expect(status.content).toBe('');
    expect((status.media_attachments as Attachment[]).map((a) => a.id)).toEqual([media.id]);
  });

  it('takes media_ids[] from a form body too', async () => {
    const media = await uploadAs(alice);
    const res = await request(t.app)
      .post('/api/v1/statuses')
      .set('Authorization', `Bearer ${alice.token}`)
      .type('form')
      .send(`status=form&media_ids[]=${media.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.media_attachments.map((a: Attachment) => a.id)).toEqual([media.id]);
  });

  it('drops unknown ids and other accounts’ uploads, as Pleroma does', async () => {
    const mine = await uploadAs(alice);
    const theirs = await uploadAs(bob);
    const status = await posted(t, alice.token, {
      status: 'mine only',
      media_ids: ['999999', 'not-an-id', theirs.id, mine.id],
    });
    expect((status.media_attachments as Attachment[]).map((a) => a.id)).toEqual([mine.id]);
  });

  it('refuses an empty post whose media ids all drop out, appending nothing', async () => {
    const theirs = await uploadAs(bob);
    await appendsNothing(t, async () => {
      const res = await postStatus(t, alice.token, { media_ids: [theirs.id, '123'] });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ error: 'Cannot post an empty status without attachments' });
    });
  });

  it('marks a status sensitive when asked', async () => {
    const media = await uploadAs(alice);
    const status = await posted(t, alice.token, { media_ids: [media.id], sensitive: true });
    expect(status.sensitive).toBe(true);
  });

  it('shows the attachments wherever the status is rendered, and a new description once changed', async () => {
    const media = await uploadAs(alice);
    const status = await posted(t, alice.token, { status: 'everywhere', media_ids: [media.id] });
    await request(t.app)
      .put(`/api/v1/media/${media.id}`)
      .set('Authorization', `Bearer ${alice.token}`)
      .send({ description: 'now described' })
      .expect(200);
    const shown = await getAs(t, `/api/v1/statuses/${status.id}`).expect(200);
    expect(shown.body.media_attachments).toEqual([{ ...media, description: 'now described' }]);
    const timeline = await getAs(t, '/api/v1/timelines/public').expect(200);
    const inTimeline = timeline.body.find((s: { id: string }) => s.id === status.id);
    expect(inTimeline.media_attachments.map((a: Attachment) => a.id)).toEqual([media.id]);
  });
});

describe('only_media', () => {
  it('GET /api/v1/accounts/:id/statuses?only_media=true lists only statuses with attachments', async () => {
    const { account, token } = await userWithToken(t, 'carol');
    const media = await uploadAs({ account, token, password: '' });
    const withMedia = await posted(t, token, { status: 'picture', media_ids: [media.id] });
    await posted(t, token, { status: 'words only' });
    const all = await getAs(t, `/api/v1/accounts/${account.id}/statuses`).expect(200);
    expect(all.body).toHaveLength(2);
    const only = await getAs(t, `/api/v1/accounts/${account.id}/statuses?only_media=true`).expect(200);
    expect(only.body.map((s: { id: string }) => s.id)).toEqual([withMedia.id]);
    const publicOnly = await getAs(t, '/api/v1/timelines/public?only_media=true').expect(200);
    expect(
      publicOnly.body.every((s: { media_attachments: unknown[] }) => s.media_attachments.length > 0),
    ).toBe(true);
  });
});
