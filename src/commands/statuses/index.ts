export * from './delete.js';
export * from './deps.js';
export * from './format.js';
export * from './post.js';
