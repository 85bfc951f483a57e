import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { deleteExpiredStatuses } from '../../src/processes/statusExpiry.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { bearer, getAs, posted, postStatus } from '../helpers/statuses.js';
import { type StatusesApp, useStatusesApp } from '../helpers/statusesApi.js';

/**
 * `expires_in` (Pleroma's ActivityExpiration): a status that deletes itself once its time comes, its end shown
 * to its author only (`pleroma.expires_at`). The app's clock can be set back, so a status is already due when
 * the sweep runs, with no waiting.
 */

let behindMs = 0;
const clock = () => new Date(Date.now() - behindMs);
let { t, alice, bob } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob } = made), { deps: { clock } });

const MINUTE_MS = 60_000;

describe('a status with expires_in', () => {
  it('shows its end to its author only', async () => {
    const before = Date.now();
    const status = await posted(t, alice.token, { status: 'gone in an hour', expires_in: '3600' });
    const end = Date.parse((status.pleroma as { expires_at: string }).expires_at);
    expect(end - before).toBeGreaterThanOrEqual(3_600_000);
    expect(end - Date.now()).toBeLessThanOrEqual(3_600_000);
    const seen = async (token: string) => (await getAs(t, `/api/v1/statuses/${status.id}`, token)).body;
    expect((await seen(alice.token)).pleroma.expires_at).toBe(new Date(end).toISOString());
    expect((await seen(bob.token)).pleroma.expires_at).toBeNull();
  });

  it('must live longer than 600 s (422 "Expiry date is too soon"); a non-integer is a 400; nothing is stored', async () => {
    await appendsNothing(t, async () => {
      for (const expires_in of [600, 0, -5]) {
        const res = await postStatus(t, alice.token, { status: 'too short', expires_in });
        expect([res.status, res.body], String(expires_in)).toEqual([
          422,
          { error: 'Expiry date is too soon' },
        ]);
      }
      const words = await postStatus(t, alice.token, { status: 'x', expires_in: 'soon' });
      expect([words.status, words.body.error]).toEqual([400, 'expires_in - Invalid integer. Got: "soon".']);
      const huge = await postStatus(t, alice.token, { status: 'x', expires_in: 2 ** 31 });
      expect([huge.status, huge.body.error]).toEqual([
        400,
        'expires_in - must be at most 2147483647 seconds.',
      ]);
    });
  });

  it('is deleted by the sweep once its time has come, as its author would delete it; others stay', async () => {
    behindMs = 60 * MINUTE_MS;
    const due = await posted(t, bob.token, { status: 'already over', expires_in: 20 * 60 });
    behindMs = 0;
    const later = await posted(t, bob.token, { status: 'not yet', expires_in: 20 * 60 });
    const forever = await posted(t, bob.token, { status: 'stays' });
    expect(await deleteExpiredStatuses(t.deps)).toBe(1);
    expect((await getAs(t, `/api/v1/statuses/${due.id}`, bob.token)).status).toBe(404);
    for (const kept of [later, forever])
      expect((await getAs(t, `/api/v1/statuses/${kept.id}`, bob.token)).status).toBe(200);
    const [deletion] = await t.deps.db('events').where({ type: 'StatusDeleted', stream: `status-${due.id}` });
    expect(deletion.metadata.actor).toBe(bob.account.id);
    expect(await deleteExpiredStatuses(t.deps)).toBe(0);
    const page = await request(t.app).get(`/api/v1/accounts/${bob.account.id}/statuses`).set(bearer(bob));
    expect(page.body.map((s: { id: string }) => s.id)).not.toContain(due.id);
  });
});
