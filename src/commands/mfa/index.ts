export * from './challenge.js';
export * from './deps.js';
export * from './mfaTokens.js';
export * from './settings.js';
export * from './throttle.js';
export * from './totp.js';
