import type { AppRegistered, AuthorizationCodeIssued, TokenGrant } from './events.js';

export type RegisterApp = { type: 'RegisterApp'; data: AppRegistered['data'] };

export type IssueAuthorizationCode = {
  type: 'IssueAuthorizationCode';
  data: AuthorizationCodeIssued['data'];
};
export type RedeemAuthorizationCode = {
  type: 'RedeemAuthorizationCode';
  data: { codeId: string; now: Date };
};

export type IssueToken = {
  type: 'IssueToken';
  data: {
    tokenId: string;
    accountId: string | null;
    appId: string;
    scopes: string[];
    tokenHash: string;
    refreshTokenHash: string;
    validUntil: Date;
    grant: TokenGrant;
  };
};

export type RefreshToken = {
  type: 'RefreshToken';
  data: {
    tokenId: string;
    /** Hash of the refresh token the client presented: it must still be the current one. */
    presentedRefreshTokenHash: string;
    tokenHash: string;
    refreshTokenHash: string;
    validUntil: Date;
  };
};

export type RevokeToken = { type: 'RevokeToken'; data: { tokenId: string } };

export type AppCommand = RegisterApp;
export type AuthorizationCodeCommand = IssueAuthorizationCode | RedeemAuthorizationCode;
export type TokenCommand = IssueToken | RefreshToken | RevokeToken;
