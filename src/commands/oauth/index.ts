export * from './authorizationCodes.js';
export * from './deps.js';
export * from './issueToken.js';
export * from './refreshToken.js';
export * from './registerApp.js';
export * from './revokeToken.js';
export * from './secrets.js';
