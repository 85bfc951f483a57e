import type { Knex } from 'knex';
import type { AccountEvent } from '../../domain/account/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const ALIASES_PROJECTOR = 'aliases';

const handled = ['AccountRegistered', 'AliasAdded', 'AliasRemoved', 'AccountDeleted'] as const;
type AliasesEvent = Extract<AccountEvent, { type: (typeof handled)[number] }>;

/**
 * Aliases (§1.10) as `GET /api/pleroma/aliases` reads them: one row per (account, alias) in the order they
 * were added, with the alias's nickname. Nicknames never change, so they are kept from registration in a
 * small directory table rather than read from another read model's tables.
 */
export const aliasesProjector: Projector = {
  name: ALIASES_PROJECTOR,
  version: 1,
  handles: handled,
  tables: ['alias_nicknames', 'account_aliases'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('alias_nicknames'), (table) => {
      table.text('account_id').primary();
      table.text('nickname').notNullable();
    });
    await db.schema.createTable(tables.table('account_aliases'), (table) => {
      table.text('account_id').notNullable();
      table.text('alias_account_id').notNullable();
      table.text('ap_id').notNullable();
      // The global position of the AliasAdded event: the order the owner added them in.
      table.bigInteger('added_at_position').notNullable();
      table.primary(['account_id', 'alias_account_id']);
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = recorded as unknown as AliasesEvent;
    switch (event.type) {
      case 'AccountRegistered':
        await trx(tables.table('alias_nicknames'))
          .insert({ account_id: event.data.accountId, nickname: event.data.nickname })
          .onConflict('account_id')
          .ignore();
        return;
      case 'AliasAdded':
        await trx(tables.table('account_aliases'))
          .insert({
            account_id: event.data.accountId,
            alias_account_id: event.data.aliasAccountId,
            ap_id: event.data.apId,
            added_at_position: recorded.position.toString(),
          })
          .onConflict(['account_id', 'alias_account_id'])
          .ignore();
        return;
      case 'AliasRemoved':
        await trx(tables.table('account_aliases'))
          .where({ account_id: event.data.accountId, alias_account_id: event.data.aliasAccountId })
          .delete();
        return;
      case 'AccountDeleted':
        // §1.7 empties the deleted account's also_known_as; others' aliases of it stay (its nickname does).
        await trx(tables.table('account_aliases')).where({ account_id: event.data.accountId }).delete();
        return;
    }
  },
};
