import { describe, expect, it } from 'vitest';
import {
  type AccountCommand,
  type AccountEvent,
  accountDecider,
  MAX_PENDING_CONFIRMATIONS,
} from '../../src/domain/account/index.js';
import { fold } from '../../src/domain/shared/decider.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const registered = (confirmed: boolean): AccountEvent => ({
  type: 'AccountRegistered',
  data: {
    accountId: '1',
    nickname: 'alice',
    email: 'enc:v1:a:b:c',
    emailIndex: 'idx',
    passwordHash: 'enc:v1:d:e:f',
    confirmed,
    approved: true,
    locked: false,
    displayName: null,
    note: '',
    locale: null,
    registeredAt: '2024-05-01T10:00:00.000Z',
  },
});
const alice = registered(true);
const unconfirmed = registered(false);
const requested = (tokenHash: string): AccountEvent => ({
  type: 'ConfirmationRequested',
  data: { accountId: '1', tokenHash },
});
const deleted: AccountEvent = {
  type: 'AccountDeleted',
  data: { accountId: '1', nickname: 'alice', emailIndex: 'idx' },
};
const settings = (value: string | null, patch = 'enc:v1:p:p:p'): AccountEvent => ({
  type: 'SettingsUpdated',
  data: { accountId: '1', app: 'soapbox_fe', patch, value },
});

const cases: DeciderCase<AccountCommand, AccountEvent>[] = [
  {
    name: 'a password change records the new sealed hash',
    given: [alice],
    when: { type: 'ChangePassword', passwordHash: 'enc:v1:n:e:w' },
    expected: [{ type: 'PasswordChanged', data: { accountId: '1', passwordHash: 'enc:v1:n:e:w' } }],
  },
  {
    name: 'a password change of an unknown account is not found',
    given: [],
    when: { type: 'ChangePassword', passwordHash: 'enc:v1:n:e:w' },
    error: { code: 'not_found', status: 404 },
  },
  {
    name: 'an address change records the sealed address and its index',
    given: [alice],
    when: { type: 'ChangeEmail', email: 'enc:v1:x:y:z', emailIndex: 'idx2' },
    expected: [{ type: 'EmailChanged', data: { accountId: '1', email: 'enc:v1:x:y:z', emailIndex: 'idx2' } }],
  },
  {
    name: 'removing the address records nulls',
    given: [alice],
    when: { type: 'ChangeEmail', email: null, emailIndex: null },
    expected: [{ type: 'EmailChanged', data: { accountId: '1', email: null, emailIndex: null } }],
  },
  {
    name: 'changing to the same address appends nothing',
    given: [alice],
    when: { type: 'ChangeEmail', email: 'enc:v1:x:y:z', emailIndex: 'idx' },
    expected: [],
  },
  {
    name: 'an unconfirmed account is sent a confirmation token',
    given: [unconfirmed],
    when: { type: 'RequestConfirmation', tokenHash: 'h1' },
    expected: [requested('h1')],
  },
  {
    name: 'a confirmed account needs no confirmation mail',
    given: [alice],
    when: { type: 'RequestConfirmation', tokenHash: 'h1' },
    expected: [],
  },
  {
    name: 'the right token confirms the account',
    given: [unconfirmed, requested('h1')],
    when: { type: 'ConfirmAccount', tokenHash: 'h1' },
    expected: [{ type: 'AccountConfirmed', data: { accountId: '1' } }],
  },
  {
    name: 'an earlier token still confirms after a resend',
    given: [unconfirmed, requested('h1'), requested('h2')],
    when: { type: 'ConfirmAccount', tokenHash: 'h1' },
    expected: [{ type: 'AccountConfirmed', data: { accountId: '1' } }],
  },
  {
    name: 'a wrong token is refused',
    given: [unconfirmed, requested('h1')],
    when: { type: 'ConfirmAccount', tokenHash: 'nope' },
    error: { code: 'invalid_confirmation', status: 400 },
  },
  {
    name: 'a token is good once',
    given: [unconfirmed, requested('h1'), { type: 'AccountConfirmed', data: { accountId: '1' } }],
    when: { type: 'ConfirmAccount', tokenHash: 'h1' },
    error: { code: 'invalid_confirmation' },
  },
  {
    name: 'the oldest token stops working past the pending limit',
    given: [
      unconfirmed,
      ...Array.from({ length: MAX_PENDING_CONFIRMATIONS + 1 }, (_, i) => requested(`h${i}`)),
    ],
    when: { type: 'ConfirmAccount', tokenHash: 'h0' },
    error: { code: 'invalid_confirmation' },
  },
  {
    name: 'disabling records AccountDisabled',
    given: [alice],
    when: { type: 'DisableAccount' },
    expected: [{ type: 'AccountDisabled', data: { accountId: '1' } }],
  },
  {
    name: 'disabling twice appends nothing',
    given: [alice, { type: 'AccountDisabled', data: { accountId: '1' } }],
    when: { type: 'DisableAccount' },
    expected: [],
  },
  {
    name: 'deleting records who the account was and its address claim',
    given: [alice],
    when: { type: 'DeleteAccount' },
    expected: [deleted],
  },
  {
    name: 'a disabled account can still be deleted',
    given: [alice, { type: 'AccountDisabled', data: { accountId: '1' } }],
    when: { type: 'DeleteAccount' },
    expected: [deleted],
  },
  {
    name: 'deleting twice is not found',
    given: [alice, deleted],
    when: { type: 'DeleteAccount' },
    error: { code: 'not_found', status: 404 },
  },
  {
    name: 'a deleted account changes nothing any more',
    given: [alice, deleted],
    when: { type: 'UpdateProfile', changes: { note: 'back' } },
    error: { code: 'not_found' },
  },
  {
    name: 'a deleted account cannot be registered again under its id',
    given: [alice, deleted],
    when: {
      type: 'RegisterAccount',
      accountId: '1',
      nickname: 'alice',
      email: null,
      emailIndex: null,
      passwordHash: 'enc:v1:d:e:f',
      confirmed: true,
      approved: true,
      displayName: null,
      note: '',
      locale: null,
      now: new Date(),
    },
    error: { code: 'account_exists', status: 409 },
  },
  {
    name: 'a settings change based on the current value is recorded',
    given: [alice, settings('enc:v1:old:old:old')],
    when: {
      type: 'UpdateSettings',
      app: 'soapbox_fe',
      patch: 'enc:v1:p:p:p',
      value: 'enc:v1:new:new:new',
      base: 'enc:v1:old:old:old',
    },
    expected: [settings('enc:v1:new:new:new')],
  },
  {
    name: 'the first settings of an app are based on nothing',
    given: [alice],
    when: {
      type: 'UpdateSettings',
      app: 'soapbox_fe',
      patch: 'enc:v1:p:p:p',
      value: 'enc:v1:v:v:v',
      base: null,
    },
    expected: [settings('enc:v1:v:v:v')],
  },
  {
    name: 'a settings change based on a stale value is a conflict',
    given: [alice, settings('enc:v1:old:old:old'), settings('enc:v1:newer:newer:newer')],
    when: {
      type: 'UpdateSettings',
      app: 'soapbox_fe',
      patch: 'enc:v1:p:p:p',
      value: 'enc:v1:v:v:v',
      base: 'enc:v1:old:old:old',
    },
    error: { code: 'settings_conflict', status: 409 },
  },
];

describe('account lifecycle decisions', () => {
  it.each(cases)('$name', (testCase) => runCase(accountDecider, testCase));

  it('folds confirmation, disabling and settings into the state', () => {
    const state = fold(accountDecider, [
      unconfirmed,
      requested('h1'),
      { type: 'AccountConfirmed', data: { accountId: '1' } },
      { type: 'EmailChanged', data: { accountId: '1', email: null, emailIndex: null } },
      settings('enc:v1:a:a:a'),
      {
        type: 'SettingsUpdated',
        data: { accountId: '1', app: 'pleroma_fe', patch: 'p', value: 'enc:v1:b:b:b' },
      },
      settings(null),
      { type: 'AccountDisabled', data: { accountId: '1' } },
    ]);
    expect(state).toMatchObject({
      status: 'registered',
      confirmed: true,
      confirmationTokenHashes: [],
      emailIndex: null,
      disabled: true,
      settings: { pleroma_fe: 'enc:v1:b:b:b' },
    });
  });

  it('folds a deletion into a tombstone that keeps the nickname', () => {
    expect(fold(accountDecider, [alice, deleted])).toEqual({ status: 'deleted', id: '1', nickname: 'alice' });
  });
});
