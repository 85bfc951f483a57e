import type { Knex } from 'knex';

/**
 * One row per projector: how far into the global log its live tables are. The runner advances `position`
 * in the same transaction as the rows it writes, with compare-and-set, so the row is the truth about what
 * the tables contain. `version` is the projector version the live tables were built with; `status` says
 * whether a rebuild is filling `<table>__rebuild` tables beside the live ones.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('projection_checkpoints', (table) => {
    table.text('name').primary();
    table.integer('version').notNullable();
    table.bigInteger('position').notNullable().defaultTo(0);
    table.text('status').notNullable().defaultTo('live');
    table.text('last_error');
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(
    "alter table projection_checkpoints add constraint projection_checkpoints_status_check check (status in ('live', 'rebuilding'))",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('projection_checkpoints');
}
