import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { IdGenerator } from '../../domain/shared/ids.js';
import type { EmojiRegistry } from '../../emoji/registry.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';

/** What the status use cases need; AppDeps satisfies it. */
export interface StatusCommandDeps {
  config: Pick<Config, 'PUBLIC_URL' | 'LOCAL_DOMAIN' | 'CHARACTER_LIMIT'>;
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
  ids: IdGenerator;
  /** The instance's custom emoji, for the `:shortcode:`s a status uses. */
  emoji: Pick<EmojiRegistry, 'get'>;
}
