import { describe, expect, it } from 'vitest';
import {
  type AccountCommand,
  type AccountEvent,
  accountDecider,
  defaultProfile,
} from '../../src/domain/account/index.js';
import { fold } from '../../src/domain/shared/decider.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const now = new Date('2024-05-01T10:00:00.000Z');
const registration = {
  accountId: '1',
  nickname: 'alice',
  email: 'enc:v1:a:b:c',
  emailIndex: 'idx',
  passwordHash: 'enc:v1:d:e:f',
  confirmed: true,
  approved: true,
  displayName: 'Alice',
  note: 'hi',
  locale: 'en',
};
const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: { ...registration, locked: false, registeredAt: now.toISOString() },
};
const bobAlias = { aliasAccountId: '2', apId: 'http://localhost:4000/users/bob' };
const aliasAdded: AccountEvent = { type: 'AliasAdded', data: { accountId: '1', ...bobAlias } };

const accountCases: DeciderCase<AccountCommand, AccountEvent>[] = [
  {
    name: 'a new account is registered',
    given: [],
    when: { type: 'RegisterAccount', ...registration, now },
    expected: [registered],
  },
  {
    name: 'registering an existing account is refused',
    given: [registered],
    when: { type: 'RegisterAccount', ...registration, now },
    error: { code: 'account_exists', status: 409 },
  },
  {
    name: 'a profile update records only what changed',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { displayName: 'Alice', note: 'new bio', locked: true } },
    expected: [
      { type: 'ProfileUpdated', data: { accountId: '1', changes: { note: 'new bio', locked: true } } },
    ],
  },
  {
    name: 'a profile update that changes nothing appends nothing',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { displayName: 'Alice', fields: [], hideFavorites: true } },
    expected: [],
  },
  {
    name: 'updating fields compares their contents',
    given: [
      registered,
      { type: 'ProfileUpdated', data: { accountId: '1', changes: { fields: [{ name: 'a', value: 'b' }] } } },
    ],
    when: { type: 'UpdateProfile', changes: { fields: [{ name: 'a', value: 'c' }] } },
    expected: [
      { type: 'ProfileUpdated', data: { accountId: '1', changes: { fields: [{ name: 'a', value: 'c' }] } } },
    ],
  },
  {
    name: 'a profile update of an unknown account is not found',
    given: [],
    when: { type: 'UpdateProfile', changes: { note: 'x' } },
    error: { code: 'not_found', status: 404 },
  },
  {
    name: 'a bio over the limit is refused like Pleroma',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { note: 'x'.repeat(5001) } },
    error: { status: 413, message: 'Bio is too long' },
  },
  {
    name: 'a display name over the limit is refused like Pleroma',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { displayName: 'x'.repeat(101) } },
    error: { status: 413, message: 'Name is too long' },
  },
  {
    name: 'an avatar description over the limit is refused',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { avatarDescription: 'x'.repeat(5001) } },
    error: { status: 413, message: 'Avatar description is too long' },
  },
  {
    name: 'a header description over the limit is refused',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { headerDescription: 'x'.repeat(5001) } },
    error: { status: 413, message: 'Banner description is too long' },
  },
  {
    name: 'a field entry over the limit is refused',
    given: [registered],
    when: { type: 'UpdateProfile', changes: { fields: [{ name: 'x'.repeat(513), value: '' }] } },
    error: { status: 413, message: 'One or more field entries are too long' },
  },
  {
    name: 'more than ten fields are refused',
    given: [registered],
    when: {
      type: 'UpdateProfile',
      changes: { fields: Array.from({ length: 11 }, (_, i) => ({ name: `n${i}`, value: 'v' })) },
    },
    error: { status: 413, message: 'Too many field entries' },
  },
  {
    name: 'the admin role is granted',
    given: [registered],
    when: { type: 'GrantAdminRole' },
    expected: [{ type: 'AdminRoleGranted', data: { accountId: '1' } }],
  },
  {
    name: 'granting the admin role twice appends nothing',
    given: [registered, { type: 'AdminRoleGranted', data: { accountId: '1' } }],
    when: { type: 'GrantAdminRole' },
    expected: [],
  },
  {
    name: 'granting the admin role to an unknown account is not found',
    given: [],
    when: { type: 'GrantAdminRole' },
    error: { code: 'not_found', status: 404 },
  },
  {
    name: 'an alias is added',
    given: [registered],
    when: { type: 'AddAlias', ...bobAlias },
    expected: [aliasAdded],
  },
  {
    name: 'adding an alias twice is a no-op (§1.10)',
    given: [registered, aliasAdded],
    when: { type: 'AddAlias', ...bobAlias },
    expected: [],
  },
  {
    name: 'adding an alias to an unknown account is not found',
    given: [],
    when: { type: 'AddAlias', ...bobAlias },
    error: { code: 'not_found' },
  },
  {
    name: 'an alias is removed',
    given: [registered, aliasAdded],
    when: { type: 'RemoveAlias', aliasAccountId: '2' },
    expected: [{ type: 'AliasRemoved', data: { accountId: '1', ...bobAlias } }],
  },
  {
    name: 'removing an account that is not an alias is a 404 (§1.10)',
    given: [registered, aliasAdded, { type: 'AliasRemoved', data: { accountId: '1', ...bobAlias } }],
    when: { type: 'RemoveAlias', aliasAccountId: '2' },
    error: { code: 'no_such_alias', status: 404, message: 'Account has no such alias.' },
  },
  {
    name: 'removing an alias from an unknown account is not found',
    given: [],
    when: { type: 'RemoveAlias', aliasAccountId: '2' },
    error: { code: 'not_found' },
  },
];

describe('account decider', () => {
  it.each(accountCases)('$name', (testCase) => runCase(accountDecider, testCase));

  it('folds the whole history into the state an audit prints', () => {
    const state = fold(accountDecider, [
      registered,
      { type: 'ProfileUpdated', data: { accountId: '1', changes: { locked: true } } },
      { type: 'AdminRoleGranted', data: { accountId: '1' } },
      aliasAdded,
    ]);
    expect(state).toEqual({
      status: 'registered',
      id: '1',
      nickname: 'alice',
      registeredAt: now.toISOString(),
      confirmed: true,
      approved: true,
      admin: true,
      emailIndex: 'idx',
      profile: { ...defaultProfile, displayName: 'Alice', note: 'hi', locked: true },
      aliases: [{ accountId: '2', apId: bobAlias.apId }],
      disabled: false,
      confirmationTokenHashes: [],
      settings: {},
      images: { avatar: null, header: null, background: null },
    });
  });
});
