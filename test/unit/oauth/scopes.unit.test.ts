import { describe, expect, it } from 'vitest';
import {
  checkScopes,
  filterDescendants,
  parseScopes,
  validateRequestedScopes,
} from '../../../src/domain/oauth/scopes.js';

describe('parseScopes', () => {
  it.each([
    ['read write follow', ['read', 'write', 'follow']],
    ['read+write', ['read', 'write']],
    ['read,write:statuses', ['read', 'write:statuses']],
    ['  read   push ', ['read', 'push']],
    [
      ['read', '', 'write'],
      ['read', 'write'],
    ],
    ['read read', ['read']],
    ['', ['fallback']],
    [undefined, ['fallback']],
    [42, ['fallback']],
  ])('parses %j', (input, expected) => {
    expect(parseScopes(input, ['fallback'])).toEqual(expected);
  });
});

describe('filterDescendants', () => {
  it('keeps scopes equal to or children of a supported scope', () => {
    expect(filterDescendants(['read', 'write:accounts', 'follow', 'writer'], ['write', 'read'])).toEqual([
      'read',
      'write:accounts',
    ]);
  });
});

describe('validateRequestedScopes', () => {
  it.each([
    [['read'], ['read', 'write'], { ok: true, scopes: ['read'] }],
    [['write:statuses'], ['write'], { ok: true, scopes: ['write:statuses'] }],
    [['write'], ['write:statuses'], { ok: false, reason: 'unsupported_scopes' }],
    [['admin'], ['read'], { ok: false, reason: 'unsupported_scopes' }],
    [[], ['read'], { ok: false, reason: 'missing_scopes' }],
  ])('requested %j of an app with %j', (requested, app, expected) => {
    expect(validateRequestedScopes(requested, app)).toEqual(expected);
  });
});

describe('checkScopes', () => {
  it.each([
    { granted: ['write'], required: ['write:accounts'], op: '|', ok: true },
    { granted: ['write:accounts'], required: ['write:accounts'], op: '|', ok: true },
    {
      granted: ['read'],
      required: ['write:accounts'],
      op: '|',
      message: 'Insufficient permissions: write:accounts.',
    },
    {
      granted: ['write:accounts'],
      required: ['write'],
      op: '|',
      message: 'Insufficient permissions: write.',
    },
    { granted: ['follow'], required: ['follow', 'write:follows'], op: '|', ok: true },
    { granted: ['write:follows'], required: ['follow', 'write:follows'], op: '|', ok: true },
    {
      granted: ['read'],
      required: ['follow', 'write:follows'],
      op: '|',
      message: 'Insufficient permissions: follow | write:follows.',
    },
    {
      granted: ['read'],
      required: ['read:accounts', 'write:accounts'],
      op: '&',
      message: 'Insufficient permissions: write:accounts.',
    },
    { granted: ['read', 'write'], required: ['read:accounts', 'write:accounts'], op: '&', ok: true },
    { granted: null, required: ['read'], op: '|', message: 'Insufficient permissions: read.' },
    { granted: null, required: [], op: '|', ok: true },
  ] as const)('$granted against $required ($op)', ({ granted, required, op, ...expected }) => {
    const result = checkScopes(granted, required, op);
    if ('ok' in expected) expect(result).toEqual({ ok: true });
    else expect(result).toMatchObject({ ok: false, message: expected.message });
  });
});
