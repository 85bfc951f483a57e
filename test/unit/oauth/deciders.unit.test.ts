import { describe, it } from 'vitest';
import {
  type AppEvent,
  type AuthorizationCodeCommand,
  type AuthorizationCodeEvent,
  appDecider,
  authorizationCodeDecider,
  type TokenCommand,
  type TokenEvent,
  tokenDecider,
} from '../../../src/domain/oauth/index.js';
import type { Decider, DomainEvent } from '../../../src/domain/shared/decider.js';
import { type DeciderCase, runCase } from '../../helpers/decider.js';

function run<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, cases: DeciderCase<C, E>[]) {
  it.each(cases)('$name', (testCase) => runCase(decider, testCase));
}

const registered: AppEvent = {
  type: 'AppRegistered',
  data: {
    appId: 'a1',
    name: 'App',
    website: null,
    redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
    scopes: ['read'],
    clientId: 'cid',
    clientSecretHash: 'h',
  },
};

describe('app decider', () => {
  run(appDecider, [
    {
      name: 'a new app is registered',
      given: [],
      when: { type: 'RegisterApp', data: registered.data },
      expected: [registered],
    },
    {
      name: 'the same registration retried appends nothing',
      given: [registered],
      when: { type: 'RegisterApp', data: registered.data },
      expected: [],
    },
    {
      name: 'another registration under the same id is refused',
      given: [registered],
      when: { type: 'RegisterApp', data: { ...registered.data, clientId: 'other' } },
      error: { code: 'app_exists' },
    },
  ]);
});

const now = new Date('2024-01-01T00:00:00Z');
const codeIssued: AuthorizationCodeEvent = {
  type: 'AuthorizationCodeIssued',
  data: {
    codeId: 'c1',
    codeHash: 'ch',
    appId: 'a1',
    accountId: 'u1',
    scopes: ['read'],
    redirectUri: 'https://app.example/cb',
    expiresAt: '2024-01-01T00:10:00.000Z',
    codeChallenge: null,
    codeChallengeMethod: null,
  },
};
const redeem = (at: Date): AuthorizationCodeCommand => ({
  type: 'RedeemAuthorizationCode',
  data: { codeId: 'c1', now: at },
});

describe('authorization code decider', () => {
  run(authorizationCodeDecider, [
    {
      name: 'a code is issued',
      given: [],
      when: { type: 'IssueAuthorizationCode', data: codeIssued.data },
      expected: [codeIssued],
    },
    {
      name: 'issuing the same code again appends nothing',
      given: [codeIssued],
      when: { type: 'IssueAuthorizationCode', data: codeIssued.data },
      expected: [],
    },
    {
      name: 'a different code under the same id is refused',
      given: [codeIssued],
      when: { type: 'IssueAuthorizationCode', data: { ...codeIssued.data, codeHash: 'x' } },
      error: { code: 'code_exists' },
    },
    {
      name: 'a fresh code is redeemed',
      given: [codeIssued],
      when: redeem(now),
      expected: [{ type: 'AuthorizationCodeRedeemed', data: { codeId: 'c1' } }],
    },
    {
      name: 'a code cannot be redeemed twice',
      given: [codeIssued, { type: 'AuthorizationCodeRedeemed', data: { codeId: 'c1' } }],
      when: redeem(now),
      error: { code: 'invalid_grant' },
    },
    {
      name: 'an expired code is refused',
      given: [codeIssued],
      when: redeem(new Date('2024-01-01T00:10:00Z')),
      error: { code: 'invalid_grant' },
    },
    { name: 'an unknown code is refused', given: [], when: redeem(now), error: { code: 'invalid_grant' } },
  ]);
});

const validUntil = new Date('2124-01-01T00:00:00Z');
const issue: TokenCommand = {
  type: 'IssueToken',
  data: {
    tokenId: 't1',
    accountId: 'u1',
    appId: 'a1',
    scopes: ['read', 'write'],
    tokenHash: 'th',
    refreshTokenHash: 'rh',
    validUntil,
    grant: 'password',
  },
};
const issued: TokenEvent = {
  type: 'TokenIssued',
  data: { ...issue.data, validUntil: validUntil.toISOString() } as Extract<
    TokenEvent,
    { type: 'TokenIssued' }
  >['data'],
};
const refresh = (presented: string): TokenCommand => ({
  type: 'RefreshToken',
  data: {
    tokenId: 't1',
    presentedRefreshTokenHash: presented,
    tokenHash: 'th2',
    refreshTokenHash: 'rh2',
    validUntil,
  },
});
const refreshed: TokenEvent = {
  type: 'TokenRefreshed',
  data: { tokenId: 't1', tokenHash: 'th2', refreshTokenHash: 'rh2', validUntil: validUntil.toISOString() },
};
const revoked: TokenEvent = { type: 'TokenRevoked', data: { tokenId: 't1' } };
const revoke: TokenCommand = { type: 'RevokeToken', data: { tokenId: 't1' } };

describe('token decider', () => {
  run(tokenDecider, [
    { name: 'a token is issued', given: [], when: issue, expected: [issued] },
    { name: 'the same issue retried appends nothing', given: [issued], when: issue, expected: [] },
    {
      name: 'a different token under the same id is refused',
      given: [issued],
      when: { ...issue, data: { ...issue.data, tokenHash: 'other' } } as TokenCommand,
      error: { code: 'token_exists' },
    },
    {
      name: 'the current refresh token rotates the secrets',
      given: [issued],
      when: refresh('rh'),
      expected: [refreshed],
    },
    {
      name: 'a refresh token works once',
      given: [issued, refreshed],
      when: refresh('rh'),
      error: { code: 'invalid_grant' },
    },
    {
      name: 'the rotated refresh token works in turn',
      given: [issued, refreshed],
      when: refresh('rh2'),
      expected: [{ ...refreshed }],
    },
    {
      name: 'a revoked token cannot be refreshed',
      given: [issued, revoked],
      when: refresh('rh'),
      error: { code: 'invalid_grant' },
    },
    {
      name: 'an unknown token cannot be refreshed',
      given: [],
      when: refresh('rh'),
      error: { code: 'invalid_grant' },
    },
    { name: 'a live token is revoked', given: [issued], when: revoke, expected: [revoked] },
    { name: 'revoking twice appends nothing', given: [issued, revoked], when: revoke, expected: [] },
    { name: 'revoking an unknown token is not found', given: [], when: revoke, error: { code: 'not_found' } },
  ]);
});
