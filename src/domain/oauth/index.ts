export * from './app.js';
export * from './authorizationCode.js';
export * from './commands.js';
export * from './events.js';
export * from './scopes.js';
export * from './token.js';
