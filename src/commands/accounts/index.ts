export * from './aliases.js';
export * from './deps.js';
export * from './passwords.js';
export * from './profile.js';
export * from './register.js';
