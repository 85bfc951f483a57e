import { describe, expect, it } from 'vitest';
import {
  type ConversationCommand,
  type ConversationEvent,
  isParticipationId,
  participationDecider,
  participationIdFor,
  participationStream,
  type ReceiveDirectStatus,
  UNKNOWN_CONVERSATION,
} from '../../src/domain/conversation/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const owner = { participationId: '7', accountId: 'bob' };
const receive = (statusId: string, over: Partial<ReceiveDirectStatus> = {}): ReceiveDirectStatus => ({
  type: 'ReceiveDirectStatus',
  participationId: `p${statusId}`,
  accountId: 'bob',
  context: 'ctx',
  statusId,
  authorId: 'alice',
  addressedIds: ['alice', 'bob'],
  blocksAddressed: false,
  ...over,
});
const started = (read = false): ConversationEvent => ({
  type: 'ConversationStarted',
  data: { ...owner, context: 'ctx', recipientIds: ['alice', 'bob'], statusId: '1', read },
});
const added = (statusId: string, read: boolean | null): ConversationEvent => ({
  type: 'ConversationStatusAdded',
  data: { ...owner, statusId, read },
});
const read: ConversationEvent = { type: 'ConversationRead', data: owner };
const deleted: ConversationEvent = { type: 'ConversationDeleted', data: owner };
const unknown = { code: 'not_found', status: 404, message: UNKNOWN_CONVERSATION };

const cases: DeciderCase<ConversationCommand, ConversationEvent>[] = [
  {
    name: 'a first direct status starts the participation, unread, with everyone addressed as recipients',
    given: [],
    when: receive('1', { participationId: '7' }),
    expected: [started(false)],
  },
  {
    name: "the author's own participation starts read",
    given: [],
    when: receive('1', { participationId: '7', accountId: 'alice' }),
    expected: [
      {
        type: 'ConversationStarted',
        data: {
          participationId: '7',
          accountId: 'alice',
          context: 'ctx',
          recipientIds: ['alice', 'bob'],
          statusId: '1',
          read: true,
        },
      },
    ],
  },
  {
    name: 'an owner who blocks someone addressed gets a participation that starts read',
    given: [],
    when: receive('1', { participationId: '7', blocksAddressed: true }),
    expected: [started(true)],
  },
  {
    name: 'the owner is always a recipient, even when the command forgets them',
    given: [],
    when: receive('1', { participationId: '7', addressedIds: ['alice'] }),
    expected: [started(false)],
  },
  {
    name: 'a later status marks the participation unread again',
    given: [started(), read],
    when: receive('2'),
    expected: [added('2', false)],
  },
  {
    name: "a later status of the owner's own marks it read",
    given: [started()],
    when: receive('2', { authorId: 'bob' }),
    expected: [added('2', true)],
  },
  {
    name: 'a later status from a blocked account leaves the read flag as it was',
    given: [started(), read],
    when: receive('2', { blocksAddressed: true }),
    expected: [added('2', null)],
  },
  {
    name: 'a later status mentioning more people adds no recipients',
    given: [started()],
    when: receive('2', { addressedIds: ['alice', 'bob', 'carol'] }),
    expected: [added('2', false)],
  },
  {
    name: 'a status delivered twice (use case and process) appends nothing the second time',
    given: [started(), added('2', false)],
    when: receive('2'),
    expected: [],
  },
  {
    name: 'the starting status delivered again appends nothing',
    given: [started()],
    when: receive('1'),
    expected: [],
  },
  {
    name: 'after a deletion, a new status starts a new participation with a new id',
    given: [started(), deleted],
    when: receive('3', { addressedIds: ['alice', 'bob', 'carol'] }),
    expected: [
      {
        type: 'ConversationStarted',
        data: {
          participationId: 'p3',
          accountId: 'bob',
          context: 'ctx',
          recipientIds: ['alice', 'bob', 'carol'],
          statusId: '3',
          read: false,
        },
      },
    ],
  },
  {
    name: 'after a deletion, a status delivered before it is not delivered again',
    given: [started(), deleted],
    when: receive('1'),
    expected: [],
  },
  {
    name: 'the owner marks an unread participation read',
    given: [started()],
    when: { type: 'MarkConversationRead', actorId: 'bob' },
    expected: [read],
  },
  {
    name: 'marking a read participation read appends nothing',
    given: [started(), read],
    when: { type: 'MarkConversationRead', actorId: 'bob' },
    expected: [],
  },
  {
    name: "someone else's participation is an unknown conversation",
    given: [started()],
    when: { type: 'MarkConversationRead', actorId: 'alice' },
    error: unknown,
  },
  {
    name: 'a participation that never started is an unknown conversation',
    given: [],
    when: { type: 'DeleteConversation', actorId: 'bob' },
    error: unknown,
  },
  {
    name: 'the recipients become the given accounts and the owner',
    given: [started()],
    when: { type: 'ChangeConversationRecipients', actorId: 'bob', recipientIds: ['carol', 'carol'] },
    expected: [{ type: 'ConversationRecipientsChanged', data: { ...owner, recipientIds: ['bob', 'carol'] } }],
  },
  {
    name: 'the same recipients in another order append nothing',
    given: [started()],
    when: { type: 'ChangeConversationRecipients', actorId: 'bob', recipientIds: ['alice'] },
    expected: [],
  },
  {
    name: "changing someone else's recipients is an unknown conversation",
    given: [started()],
    when: { type: 'ChangeConversationRecipients', actorId: 'carol', recipientIds: [] },
    error: unknown,
  },
  {
    name: 'the owner deletes the participation',
    given: [started()],
    when: { type: 'DeleteConversation', actorId: 'bob' },
    expected: [deleted],
  },
  {
    name: 'a deleted participation cannot be deleted again',
    given: [started(), deleted],
    when: { type: 'DeleteConversation', actorId: 'bob' },
    error: unknown,
  },
];

describe('participation decider', () => {
  for (const testCase of cases) it(testCase.name, () => runCase(participationDecider, testCase));
});

describe('participation ids and streams', () => {
  it('derives the same id for the same account and status, a different one otherwise', () => {
    expect(participationIdFor('1', '2')).toBe(participationIdFor('1', '2'));
    expect(participationIdFor('1', '2')).not.toBe(participationIdFor('3', '2'));
  });

  it('keeps ids within what a JSON number carries exactly', () => {
    for (let i = 0; i < 1000; i++) {
      const id = participationIdFor(`a${i}`, `${i}`);
      expect(isParticipationId(id)).toBe(true);
      expect(Number.isSafeInteger(Number(id))).toBe(true);
      expect(String(Number(id))).toBe(id);
    }
  });

  it('refuses ids that are not positive integers below 2^52', () => {
    for (const id of ['', '0', '-1', '1.5', 'abc', '01', String(2n ** 52n + 1n), '9'.repeat(20)]) {
      expect(isParticipationId(id)).toBe(false);
    }
  });

  it('names one stream per account and context', () => {
    expect(participationStream('1', 'http://x/contexts/a')).toMatch(/^participation-1_[0-9a-f]{32}$/);
    expect(participationStream('1', 'a')).not.toBe(participationStream('1', 'b'));
  });
});
