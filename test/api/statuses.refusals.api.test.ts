import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { appendsNothing } from '../helpers/eventLog.js';
import { posted, postStatus } from '../helpers/statuses.js';
import { type StatusesApp, useStatusesApp } from '../helpers/statusesApi.js';

let { t, alice, bob, reader } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, reader } = made));

describe('POST /api/v1/statuses', () => {
  describe('refusals (nothing appended)', () => {
    const refuses = async (body: Record<string, unknown>, status: number, error: string) =>
      appendsNothing(t, async () => {
        const res = await postStatus(t, alice.token, body, {
          'Idempotency-Key': `refused ${JSON.stringify(body)}`,
        });
        expect(res.status).toBe(status);
        expect(res.body.error).toBe(error);
      });

    it('refuses an empty status', async () => {
      await refuses({}, 422, 'Cannot post an empty status without attachments');
      await refuses({ status: '   \n ' }, 422, 'Cannot post an empty status without attachments');
      await refuses(
        { status: null, media_ids: ['1'] },
        422,
        'Cannot post an empty status without attachments',
      );
    });

    it('refuses a status over the character limit, counting the spoiler too', async () => {
      await refuses({ status: 'a'.repeat(5001) }, 422, 'The status is over the character limit');
      await refuses(
        { status: 'a'.repeat(4999), spoiler_text: 'bb' },
        422,
        'The status is over the character limit',
      );
      expect((await postStatus(t, alice.token, { status: '👍🏽'.repeat(5000) })).status).toBe(200);
    });

    // Bodies too large to repeat in an Idempotency-Key header, as `refuses` does.
    const refusesLarge = (body: Record<string, unknown>, error: string) =>
      appendsNothing(t, async () => {
        const res = await postStatus(t, alice.token, body);
        expect([res.status, res.body.error]).toEqual([422, error]);
      });

    it('refuses a status of 100,000 characters at once (counting them took seconds)', async () => {
      await refusesLarge({ status: 'x'.repeat(100_000) }, 'The status is over the character limit');
      await refusesLarge(
        { status: 'x', spoiler_text: '👍🏽'.repeat(50_000) },
        'The status is over the character limit',
      );
    });

    it('refuses more media ids than a status may carry, before they reach a query (was a 500)', async () => {
      const mediaIds = Array.from({ length: 70_000 }, (_, i) => String(i));
      await refusesLarge({ status: 'x', media_ids: mediaIds }, 'Too many attachments');
    });

    it('refuses replies to unknown, invisible and direct statuses as Pleroma does', async () => {
      await refuses({ status: 'x', in_reply_to_id: '123456' }, 422, 'Cannot reply to a deleted status');
      await refuses({ status: 'x', in_reply_to_id: 'nope' }, 422, 'Cannot reply to a deleted status');
      const secret = await posted(t, bob.token, { status: 'secret', visibility: 'direct' });
      await refuses({ status: 'x', in_reply_to_id: secret.id }, 422, 'Record not found');
      const dm = await posted(t, bob.token, { status: '@alice hi', visibility: 'direct' });
      for (const visibility of ['public', 'unlisted', 'private']) {
        await refuses(
          { status: 'x', in_reply_to_id: dm.id, visibility },
          422,
          'The message visibility must be direct',
        );
      }
      const reply = await posted(t, alice.token, { status: 'hi back', in_reply_to_id: dm.id });
      expect(reply.visibility).toBe('direct');
      expect(reply.mentions).toEqual([expect.objectContaining({ id: bob.account.id })]);
    });

    it('refuses malformed parameters with a 400, never a 500', async () => {
      for (const body of [
        { status: 'x', visibility: 'everyone' },
        { status: ['x'] },
        { status: 'x', sensitive: {} },
      ]) {
        await appendsNothing(t, async () => {
          const res = await postStatus(t, alice.token, body);
          expect(res.status).toBe(400);
          expect(typeof res.body.error).toBe('string');
        });
      }
    });

    it('requires a user token with write:statuses', async () => {
      await appendsNothing(t, async () => {
        const anonymous = await request(t.app).post('/api/v1/statuses').send({ status: 'x' });
        expect(anonymous.status).toBe(403);
        expect(anonymous.body).toEqual({ error: 'Invalid credentials.' });
        const readOnly = await postStatus(t, reader.token, { status: 'x' });
        expect(readOnly.status).toBe(403);
        expect(readOnly.body).toEqual({ error: 'Insufficient permissions: write:statuses.' });
      });
    });
  });
});
