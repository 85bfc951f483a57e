import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { sqlArray } from '../../src/projections/sqlArray.js';

/** node-postgres's own conversion of an array parameter: what sqlArray stands in for. */
const pgLiteral = (values: unknown[]) =>
  (pg as unknown as { utils: { prepareValue(v: unknown): string } }).utils.prepareValue(values);

describe('an array parameter built as a literal', () => {
  it('quotes and escapes strings and writes nulls as node-postgres does', () => {
    const values = [
      'plain',
      'a "quote"',
      'back\\slash',
      '',
      'x,y{z}',
      'NULL',
      null,
      undefined,
      '18 digits 1234567',
    ];
    expect(sqlArray(values)).toBe(pgLiteral(values.map((value) => value ?? null)));
  });

  it('writes numbers, bigints and booleans as they print', () => {
    expect(sqlArray([1, 2n, true, false, null])).toBe('{1,2,true,false,NULL}');
    expect(sqlArray([])).toBe('{}');
  });
});
