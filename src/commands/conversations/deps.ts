import type { Knex } from 'knex';
import type { EventStore } from '../../eventstore/eventStore.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';

/** What the conversation use cases need; AppDeps, StatusCommandDeps and the processes' deps satisfy it. */
export interface ConversationCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
}
