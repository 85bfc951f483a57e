import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { attachPreparedPool } from './prepared.js';

// bigint columns (positions, ids) come back as strings unless told otherwise; keep them exact.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export type Db = Knex;

/**
 * The database: knex with a pool of `poolSize` connections, and beside it a prepared-read pool of as many
 * (see prepared.ts), closed together by `destroy()`.
 */
export function createDb(url: string, poolSize = 10): Knex {
  const db = knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'annals' },
    pool: { min: 0, max: poolSize },
  });
  attachPreparedPool(db, url, poolSize);
  return db;
}
