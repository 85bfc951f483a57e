import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/api/entities/account.js';
import type { Status } from '../../src/api/entities/status.js';
import { renderConversation } from '../../src/api/views/conversation.js';

const account = (id: string) => ({ id, acct: `user${id}` }) as unknown as Account;
const accounts = new Map(['1', '2', '3'].map((id) => [id, account(id)]));
const status = { id: '99' } as unknown as Status;

describe('Conversation view (§12.6)', () => {
  it('shows the recipients but the owner, unread as the opposite of read, and the last status', () => {
    const participation = { id: '7', accountId: '1', recipientIds: ['1', '2', '3'], read: false };
    expect(renderConversation(participation, accounts, status)).toEqual({
      id: '7',
      unread: true,
      accounts: [account('2'), account('3')],
      last_status: status,
    });
  });

  it('shows the owner when they are the only recipient', () => {
    const participation = { id: '7', accountId: '1', recipientIds: ['1'], read: true };
    expect(renderConversation(participation, accounts, null)).toMatchObject({
      unread: false,
      accounts: [account('1')],
      last_status: null,
    });
  });

  it('leaves out recipients that cannot be shown (deactivated, deleted)', () => {
    const participation = { id: '7', accountId: '1', recipientIds: ['1', '4', '2'], read: true };
    expect(renderConversation(participation, accounts, null).accounts).toEqual([account('2')]);
  });
});
