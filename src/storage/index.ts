import { join } from 'node:path';
import type { Config } from '../config.js';
import { createFileStorage } from './filesystem.js';
import type { MediaStorage } from './storage.js';

export { createFileStorage } from './filesystem.js';
export * from './storage.js';

/** The default media storage: files under DATA_DIR/uploads, served at PUBLIC_URL/media. */
export function defaultMediaStorage(config: Pick<Config, 'DATA_DIR' | 'PUBLIC_URL'>): MediaStorage {
  return createFileStorage({ root: join(config.DATA_DIR, 'uploads'), baseUrl: `${config.PUBLIC_URL}/media` });
}

/** The app's storage: the one wired in, else the default for its configuration. */
export const storageOf = (deps: {
  config: Pick<Config, 'DATA_DIR' | 'PUBLIC_URL'>;
  storage?: MediaStorage;
}) => deps.storage ?? defaultMediaStorage(deps.config);
