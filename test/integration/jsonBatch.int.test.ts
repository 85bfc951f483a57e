import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { preparedJsonRows, preparedJsonValue } from '../../src/db/jsonBatch.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.raw('create table numbers (n int primary key, word text not null)');
  await database.db.raw(`insert into numbers values (1, 'one'), (2, 'two'), (3, 'three')`);
});

afterAll(async () => {
  await database.drop();
});

/** The SQL texts node-postgres sends from now on. */
function watchStatements(): string[] {
  const texts: string[] = [];
  const query = pg.Client.prototype.query;
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    const [config] = args as [{ text?: string } | string];
    texts.push(typeof config === 'string' ? config : (config.text ?? ''));
    return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
  });
  return texts;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const wordsAbove = (n: number) =>
  preparedJsonRows<{ word: string }>(database.db, 'select word from numbers where n > $1', [n], 'x.word');
const wordOf = (n: number) =>
  preparedJsonValue<string>(database.db, 'select to_json(word) from numbers where n = $1', [n]);

describe('JSON reads issued together', () => {
  it('run as one statement, each answering its own value with its own parameters', async () => {
    const statements = watchStatements();
    const [above, one, three] = await Promise.all([wordsAbove(1), wordOf(1), wordOf(3)]);
    expect(above).toEqual([{ word: 'three' }, { word: 'two' }]);
    expect(one).toBe('one');
    expect(three).toBe('three');
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('$3');
  });

  it('run as written when issued alone, and answer null (or no rows) for nothing found', async () => {
    const statements = watchStatements();
    expect(await wordOf(9)).toBeNull();
    expect(await wordsAbove(3)).toEqual([]);
    expect(statements).toEqual([
      'select to_json(word) from numbers where n = $1',
      `select coalesce(json_agg(x order by x.word), '[]') as rows from (select word from numbers where n > $1) x`,
    ]);
  });

  it('fail together when the statement fails, and the next batch runs', async () => {
    const broken = preparedJsonValue(database.db, 'select to_json(1 / $1::int)', [0]);
    const results = await Promise.allSettled([broken, wordOf(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/division by zero/);
    expect(await Promise.all([wordOf(1), wordOf(2)])).toEqual(['one', 'two']);
  });

  it('run one by one inside a transaction, seeing its own writes', async () => {
    await database.db.transaction(async (trx) => {
      await trx.raw(`insert into numbers values (4, 'four')`);
      const [four, above] = await Promise.all([
        preparedJsonValue<string>(trx, 'select to_json(word) from numbers where n = $1', [4]),
        preparedJsonRows<{ word: string }>(trx, 'select word from numbers where n > $1', [3]),
      ]);
      expect(four).toBe('four');
      expect(above).toEqual([{ word: 'four' }]);
      await trx.rollback();
    });
  });
});
