import { describe, it } from 'vitest';
import {
  type EndorsementCommand,
  type EndorsementEvent,
  endorsementDecider,
} from '../../src/domain/endorsement/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const endorsed = (endorsedId: string): EndorsementEvent => ({
  type: 'AccountEndorsed',
  data: { endorserId: 'me', endorsedId },
});
const unendorsed = (endorsedId: string): EndorsementEvent => ({
  type: 'AccountUnendorsed',
  data: { endorserId: 'me', endorsedId },
});
const endorse = (targetId: string, following = true, max = 2): EndorsementCommand => ({
  type: 'Endorse',
  endorserId: 'me',
  targetId,
  targetNickname: `nick_${targetId}`,
  following,
  max,
});
const unendorse = (targetId: string): EndorsementCommand => ({
  type: 'Unendorse',
  endorserId: 'me',
  targetId,
});
const FULL = {
  code: 'endorsements_full',
  status: 400,
  message: 'You have already pinned the maximum number of users',
};

const cases: DeciderCase<EndorsementCommand, EndorsementEvent>[] = [
  { name: 'a followed account is endorsed', given: [], when: endorse('a'), expected: [endorsed('a')] },
  {
    name: 'an account not followed is refused with Pleroma’s text',
    given: [],
    when: endorse('a', false),
    error: { code: 'not_following', status: 400, message: 'Could not endorse: You are not following nick_a' },
  },
  { name: 'endorsing again appends nothing', given: [endorsed('a')], when: endorse('a'), expected: [] },
  {
    name: 'at the limit, another is refused',
    given: [endorsed('a'), endorsed('b')],
    when: endorse('c'),
    error: FULL,
  },
  {
    name: 'at the limit, one already endorsed is refused too (the count is checked first, as Pleroma does)',
    given: [endorsed('a'), endorsed('b')],
    when: endorse('a'),
    error: FULL,
  },
  { name: 'a limit of 0 refuses every endorsement', given: [], when: endorse('a', true, 0), error: FULL },
  {
    name: 'an ended endorsement frees its place',
    given: [endorsed('a'), endorsed('b'), unendorsed('a')],
    when: endorse('c'),
    expected: [endorsed('c')],
  },
  {
    name: 'unendorsing ends an endorsement',
    given: [endorsed('a')],
    when: unendorse('a'),
    expected: [unendorsed('a')],
  },
  { name: 'unendorsing what is not endorsed appends nothing', given: [], when: unendorse('a'), expected: [] },
];

describe('the endorsement decider', () => {
  it.each(cases)('$name', (testCase) => runCase(endorsementDecider, testCase));
});
