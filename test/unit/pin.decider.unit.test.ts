import { describe, it } from 'vitest';
import { type PinCommand, type PinEvent, pinDecider } from '../../src/domain/pin/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const pinned = (statusId: string): PinEvent => ({
  type: 'StatusPinned',
  data: { accountId: 'me', statusId },
});
const unpinned = (statusId: string): PinEvent => ({
  type: 'StatusUnpinned',
  data: { accountId: 'me', statusId },
});
const pin = (
  statusId: string,
  facts: Partial<Extract<PinCommand, { type: 'PinStatus' }>> = {},
): PinCommand => ({
  type: 'PinStatus',
  accountId: 'me',
  statusId,
  ownStatus: true,
  publicStatus: true,
  pinnedCount: 0,
  max: 1,
  ...facts,
});
const unpin = (statusId: string): PinCommand => ({ type: 'UnpinStatus', accountId: 'me', statusId });

const cases: DeciderCase<PinCommand, PinEvent>[] = [
  { name: 'an own public status is pinned', given: [], when: pin('1'), expected: [pinned('1')] },
  {
    name: 'someone else’s status is refused first',
    given: [],
    when: pin('1', { ownStatus: false, publicStatus: false, pinnedCount: 5 }),
    error: { code: 'ownership_error', status: 422, message: "Someone else's status cannot be pinned" },
  },
  {
    name: 'a private or direct status is refused',
    given: [],
    when: pin('1', { publicStatus: false }),
    error: { code: 'visibility_error', status: 422, message: 'Non-public status cannot be pinned' },
  },
  {
    name: 'a new pin past the limit is refused',
    given: [pinned('1')],
    when: pin('2', { pinnedCount: 1 }),
    error: { status: 400, message: 'You have already pinned the maximum number of statuses' },
  },
  {
    name: 'pinning again changes nothing, even at the limit',
    given: [pinned('1')],
    when: pin('1', { pinnedCount: 1 }),
    expected: [],
  },
  { name: 'unpinning ends a pin', given: [pinned('1')], when: unpin('1'), expected: [unpinned('1')] },
  {
    name: 'unpinning what is not pinned changes nothing',
    given: [pinned('1'), unpinned('1')],
    when: unpin('1'),
    expected: [],
  },
];

describe('pin decider', () => {
  it.each(cases)('$name', (testCase) => runCase(pinDecider, testCase));
});
