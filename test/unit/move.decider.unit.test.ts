import { describe, it } from 'vitest';
import { type AccountCommand, type AccountEvent, accountDecider } from '../../src/domain/account/index.js';
import { type MoveCommand, type MoveEvent, moveDecider } from '../../src/domain/move/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const ids = { moveId: 'm', originId: '1', targetId: '2' };
const listed = (chunk: number, followerIds: string[], last: boolean): MoveEvent => ({
  type: 'MoveFollowersListed',
  data: { ...ids, chunk, followerIds, last },
});
const list = (chunk: number, followerIds: string[], last: boolean): MoveCommand => ({
  type: 'ListMoveFollowers',
  ...ids,
  chunk,
  followerIds,
  last,
});
const chunkDone = (chunk: number, moved: number, skipped: number): MoveEvent => ({
  type: 'MoveChunkCompleted',
  data: { moveId: 'm', chunk, moved, skipped },
});
const complete: MoveCommand = { type: 'CompleteMove' };

const cases: DeciderCase<MoveCommand, MoveEvent>[] = [
  {
    name: 'the first chunk of followers is listed',
    given: [],
    when: list(0, ['a', 'b'], false),
    expected: [listed(0, ['a', 'b'], false)],
  },
  {
    name: 'the next chunk follows, the last one says so',
    given: [listed(0, ['a', 'b'], false)],
    when: list(1, ['c'], true),
    expected: [listed(1, ['c'], true)],
  },
  {
    name: 'a chunk already listed (a repeated step) appends nothing',
    given: [listed(0, ['a'], false)],
    when: list(0, ['a'], false),
    expected: [],
  },
  {
    name: 'nothing is listed once the list is complete',
    given: [listed(0, ['a'], true)],
    when: list(1, ['b'], true),
    expected: [],
  },
  {
    name: 'a chunk of a complete list is recorded done with its counts',
    given: [listed(0, ['a', 'b'], true)],
    when: { type: 'CompleteMoveChunk', chunk: 0, moved: 1, skipped: 1 },
    expected: [chunkDone(0, 1, 1)],
  },
  {
    name: 'a chunk recorded done twice appends nothing',
    given: [listed(0, ['a', 'b'], true), chunkDone(0, 1, 1)],
    when: { type: 'CompleteMoveChunk', chunk: 0, moved: 1, skipped: 1 },
    expected: [],
  },
  {
    name: 'no chunk is done before the list is complete',
    given: [listed(0, ['a'], false)],
    when: { type: 'CompleteMoveChunk', chunk: 0, moved: 1, skipped: 0 },
    expected: [],
  },
  {
    name: 'completing adds up the chunks',
    given: [listed(0, ['a', 'b'], false), listed(1, ['c'], true), chunkDone(0, 2, 0), chunkDone(1, 0, 1)],
    when: complete,
    expected: [{ type: 'MoveCompleted', data: { ...ids, moved: 2, skipped: 1 } }],
  },
  {
    name: 'completing twice appends nothing',
    given: [listed(0, [], true), { type: 'MoveCompleted', data: { ...ids, moved: 0, skipped: 0 } }],
    when: complete,
    expected: [],
  },
];

const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: '1',
    nickname: 'origin',
    email: null,
    emailIndex: null,
    passwordHash: 'x',
    confirmed: true,
    approved: true,
    locked: false,
    displayName: null,
    note: '',
    locale: null,
    registeredAt: '2025-01-01T00:00:00.000Z',
  },
};
const moved: AccountEvent = { type: 'Moved', data: { accountId: '1', targetAccountId: '2' } };
const accountCases: DeciderCase<AccountCommand, AccountEvent>[] = [
  {
    name: 'a registered account moves',
    given: [registered],
    when: { type: 'MoveAccount', targetAccountId: '2' },
    expected: [moved],
  },
  {
    name: 'moving again is a new fact (it moves the followers gained since)',
    given: [registered, moved],
    when: { type: 'MoveAccount', targetAccountId: '2' },
    expected: [moved],
  },
  {
    name: 'an unknown account cannot move',
    given: [],
    when: { type: 'MoveAccount', targetAccountId: '2' },
    error: { status: 404 },
  },
];

describe('follower-move decider', () => {
  it.each(cases)('$name', (testCase) => runCase(moveDecider, testCase));
});

describe('account decider: MoveAccount (§1.9)', () => {
  it.each(accountCases)('$name', (testCase) => runCase(accountDecider, testCase));
});
