import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint columns (positions, ids) come back as strings unless told otherwise; keep them exact.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export type Db = Knex;

export function createDb(url: string, poolSize = 10): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, application_name: 'annals' },
    pool: { min: 0, max: poolSize },
  });
}
