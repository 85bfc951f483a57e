/** A value of a column passed to a set-based write as an array (`unnest($1::text[], …)`). */
export type ArrayValue = string | number | bigint | boolean | null | undefined;

const NEEDS_ESCAPE = /[\\"]/;

/**
 * A column as a PostgreSQL array literal, for a parameter cast to an array type (`$1::bigint[]`). The set-based
 * writes of a move pass hundreds of thousands of values; node-postgres converts an array parameter value by
 * value through its generic conversion, which cost them several times what building the literal here does.
 * Strings are quoted (escaping `"` and `\`), null and undefined are NULL, numbers and booleans as they print.
 */
export function sqlArray(values: readonly ArrayValue[]): string {
  const literals = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) literals[i] = 'NULL';
    else if (typeof value !== 'string') literals[i] = String(value);
    else if (NEEDS_ESCAPE.test(value)) literals[i] = `"${value.replace(/[\\"]/g, '\\$&')}"`;
    else literals[i] = `"${value}"`;
  }
  return `{${literals.join(',')}}`;
}
