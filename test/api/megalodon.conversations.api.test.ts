import type { Pleroma } from 'megalodon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { expectCompleteAccount, expectCompleteStatus, pleroma, serveTestApp } from '../helpers/megalodon.js';

/** Conversations (§6.8) through megalodon's Pleroma driver, on a loopback port. */
let served: Awaited<ReturnType<typeof serveTestApp>>;
let alice: Pleroma;
let bob: Pleroma;

beforeAll(async () => {
  served = await serveTestApp();
  const [a, b] = await Promise.all([userWithToken(served.t, 'alice'), userWithToken(served.t, 'bob')]);
  alice = pleroma(served.baseUrl, a.token);
  bob = pleroma(served.baseUrl, b.token);
});
afterAll(() => served?.close());

describe('megalodon conversations', () => {
  it('lists, reads and deletes a conversation, every field parsed', async () => {
    const { data: status } = await alice.postStatus('@bob psst', { visibility: 'direct' });
    const { data: list } = await bob.getConversationTimeline({ limit: 10 });
    expect(list).toHaveLength(1);
    const [conversation] = list;
    expect(conversation).toMatchObject({ unread: true, last_status: { id: (status as { id: string }).id } });
    expect(conversation!.accounts.map((a) => a.acct)).toEqual(['alice']);
    for (const account of conversation!.accounts) expectCompleteAccount(account);
    expectCompleteStatus(conversation!.last_status!);

    const { data: read } = await bob.readConversation(conversation!.id);
    expect(read).toMatchObject({ id: conversation!.id, unread: false });

    const deleted = await bob.deleteConversation(conversation!.id);
    expect(deleted.data).toEqual({});
    expect((await bob.getConversationTimeline()).data).toEqual([]);
  });
});
