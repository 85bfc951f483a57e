export * from './deliver.js';
export * from './deps.js';
export * from './manage.js';
export * from './reply.js';
