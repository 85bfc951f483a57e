import type { Knex } from 'knex';
import type { AccountDeleted } from '../../domain/account/index.js';
import { type EndorsementEvent, endorsementEventTypes } from '../../domain/endorsement/index.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const ENDORSEMENTS_PROJECTOR = 'endorsements';

/**
 * Who endorses whom, in the order endorsed: the endorsement lists and each Relationship's `endorsed`. A deleted
 * account's endorsements go both ways. Inserts ignore a row already there and removals delete by key, so
 * applying an event twice changes nothing.
 */
export const endorsementsProjector: Projector = {
  name: ENDORSEMENTS_PROJECTOR,
  version: 1,
  handles: [...endorsementEventTypes, 'AccountDeleted'],
  tables: ['endorsements'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('endorsements'), (table) => {
      table.text('endorser_id').notNullable();
      table.text('endorsed_id').notNullable().index();
      // The global position of the AccountEndorsed event: the lists' order.
      table.bigInteger('endorsed_at_position').notNullable();
      table.primary(['endorser_id', 'endorsed_id']);
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = recorded as unknown as EndorsementEvent | AccountDeleted;
    const endorsements = trx(tables.table('endorsements'));
    switch (event.type) {
      case 'AccountEndorsed':
        await endorsements
          .insert({
            endorser_id: event.data.endorserId,
            endorsed_id: event.data.endorsedId,
            endorsed_at_position: recorded.position.toString(),
          })
          .onConflict(['endorser_id', 'endorsed_id'])
          .ignore();
        return;
      case 'AccountUnendorsed':
        await endorsements
          .where({ endorser_id: event.data.endorserId, endorsed_id: event.data.endorsedId })
          .delete();
        return;
      case 'AccountDeleted':
        await endorsements
          .where({ endorser_id: event.data.accountId })
          .orWhere({ endorsed_id: event.data.accountId })
          .delete();
        return;
    }
  },
};
