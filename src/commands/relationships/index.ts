export * from './imports.js';
export * from './move.js';
export * from './relate.js';
