import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/api/entities/account.js';
import { renderEmojiReactions, renderReactionList } from '../../src/api/views/reaction.js';
import type { ReactionEntry } from '../../src/projections/reactions/queries.js';

const entries: ReactionEntry[] = [
  { statusId: '1', emoji: '👍', name: '👍', url: null, accountIds: ['c', 'b', 'a'] },
  {
    statusId: '1',
    emoji: 'blob',
    name: 'blob@remote.example',
    url: 'https://remote.example/blob.png',
    accountIds: ['d'],
  },
];
const account = (id: string) => ({ id, username: id }) as unknown as Account;

describe('pleroma.emoji_reactions (§9.5)', () => {
  it('renders every entry in order with its reactors most recent first, and whether the viewer reacted', () => {
    expect(renderEmojiReactions(entries, 'b')).toEqual([
      { name: '👍', count: 3, me: true, url: null, account_ids: ['c', 'b', 'a'] },
      {
        name: 'blob@remote.example',
        count: 1,
        me: false,
        url: 'https://remote.example/blob.png',
        account_ids: ['d'],
      },
    ]);
    expect(renderEmojiReactions(entries, null).map((r) => r.me)).toEqual([false, false]);
  });

  it('removes hidden reactors and drops entries left empty', () => {
    expect(renderEmojiReactions(entries, 'a', new Set(['c', 'd']))).toEqual([
      { name: '👍', count: 2, me: true, url: null, account_ids: ['b', 'a'] },
    ]);
  });
});

describe('the reaction list (§9.4)', () => {
  it('lists only the reactors that may be listed, counts them, and drops entries left empty', () => {
    const listable = new Map([
      ['a', account('a')],
      ['c', account('c')],
    ]);
    expect(renderReactionList(entries, listable, 'b')).toEqual([
      { name: '👍', count: 2, me: true, url: null, accounts: [account('c'), account('a')] },
    ]);
  });
});
