import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Captcha } from '../captcha/challenge.js';
import type { Config } from '../config.js';
import type { KeyRing } from '../crypto/keyRing.js';
import type { IdGenerator } from '../domain/shared/ids.js';
import type { EmojiRegistry } from '../emoji/registry.js';
import type { EventStore } from '../eventstore/eventStore.js';
import type { Mailer } from '../mail/mailer.js';
import type { WebFinger } from '../net/webFinger.js';
import type { ProjectionWaiter, ProjectionWatch } from '../projections/waiter.js';
import type { MediaStorage } from '../storage/storage.js';

/** Everything the HTTP app and its use cases need, built once in main.ts (or by a test) and passed down. */
export interface AppDeps {
  config: Config;
  db: Knex;
  eventStore: EventStore;
  /** The engine (main.ts), whose watch lets the app cache read models; a bare waiter in some tests. */
  projections: ProjectionWaiter & Partial<ProjectionWatch>;
  ids: IdGenerator;
  clock: () => Date;
  logger: Logger;
  /** Per-account data keys (crypto-shredding) and the e-mail blind index. */
  keys: KeyRing;
  /** Outgoing mail (confirmation links): SMTP or .eml files. */
  mailer: Mailer;
  /** The native captcha (§1.2): pictures and sealed answers. */
  captcha: Captcha;
  /** The instance's custom emoji (DATA_DIR/static/emoji), reloadable at runtime. */
  emoji: EmojiRegistry;
  /** Where uploads are kept; absent: files under DATA_DIR/uploads (storage/index.ts storageOf). */
  storage?: MediaStorage;
  /** Other servers' WebFinger (§1.11); absent: over https, with ALLOW_LOCAL_FETCH (net/webFinger.ts). */
  webFinger?: WebFinger;
}
