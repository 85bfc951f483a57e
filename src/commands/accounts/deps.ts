import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import type { KeyRing } from '../../crypto/keyRing.js';
import type { IdGenerator } from '../../domain/shared/ids.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';

/** What the account use cases need; AppDeps satisfies it, and so does the CLI's context. */
export interface AccountCommandDeps {
  config: Pick<Config, 'REGISTRATIONS_OPEN' | 'ACCOUNT_ACTIVATION_REQUIRED'>;
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
  ids: IdGenerator;
  keys: KeyRing;
}
