import { describe, it } from 'vitest';
import type { ReservationCommand, ReservationEvent } from '../../src/domain/account/index.js';
import { reservationDecider } from '../../src/domain/account/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const reservedByOne: ReservationEvent = { type: 'NicknameReserved', data: { accountId: '1' } };
const reservationCases: DeciderCase<ReservationCommand, ReservationEvent>[] = [
  {
    name: 'a free nickname is reserved',
    given: [],
    when: { type: 'Reserve', accountId: '1' },
    expected: [reservedByOne],
  },
  {
    name: 'reserving again for the same account is a no-op',
    given: [reservedByOne],
    when: { type: 'Reserve', accountId: '1' },
    expected: [],
  },
  {
    name: "another account's nickname is taken, in Pleroma's registration error shape",
    given: [reservedByOne],
    when: { type: 'Reserve', accountId: '2' },
    error: { status: 400, message: '{"nickname":["has already been taken"]}' },
  },
  {
    name: 'a released nickname can be reserved again',
    given: [reservedByOne, { type: 'NicknameReleased', data: { accountId: '1' } }],
    when: { type: 'Reserve', accountId: '2' },
    expected: [{ type: 'NicknameReserved', data: { accountId: '2' } }],
  },
  {
    name: 'the holder releases its nickname',
    given: [reservedByOne],
    when: { type: 'Release', accountId: '1' },
    expected: [{ type: 'NicknameReleased', data: { accountId: '1' } }],
  },
  {
    name: 'releasing a nickname held by someone else is a no-op',
    given: [reservedByOne],
    when: { type: 'Release', accountId: '2' },
    expected: [],
  },
  {
    name: 'releasing a free nickname is a no-op',
    given: [],
    when: { type: 'Release', accountId: '1' },
    expected: [],
  },
];

describe('nickname reservation decider', () => {
  it.each(reservationCases)('$name', (testCase) => runCase(reservationDecider('Nickname'), testCase));

  it('an e-mail reservation taken by another account names the email field', () => {
    runCase(reservationDecider('Email'), {
      name: 'email taken',
      given: [{ type: 'EmailReserved', data: { accountId: '1' } }],
      when: { type: 'Reserve', accountId: '2' },
      error: { message: '{"email":["has already been taken"]}' },
    });
  });
});
