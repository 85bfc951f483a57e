import type { Knex } from 'knex';
import type { IdGenerator } from '../../domain/shared/ids.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import type { MediaStorage } from '../../storage/storage.js';

/** What the media and picture use cases need: the usual command deps and where the bytes go. */
export interface MediaCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
  ids: IdGenerator;
  storage: MediaStorage;
}
