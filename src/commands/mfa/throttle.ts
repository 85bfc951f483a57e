import type { Knex } from 'knex';
import { DomainError } from '../../domain/shared/errors.js';

/**
 * Failed MFA challenges are throttled per account and per client address, beyond Pleroma: 5 failures within
 * 5 minutes block further attempts until the window ends. A 6-digit code then takes months to guess. Counted
 * in `auth_failures` with one atomic upsert per key, so concurrent requests and several processes share one
 * exact count (a library such as rate-limiter-flexible would keep the same row in a table of its own making).
 */
export const FAILURE_LIMIT = 5;
export const FAILURE_WINDOW_SECONDS = 300;

/** 429 `{"error":"Throttled"}`; the route sends Retry-After from `retryAfterSeconds`. */
export class ThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('throttled', 'Throttled', 429);
  }
}

export const accountKey = (accountId: string) => `mfa:account:${accountId}`;
export const addressKey = (address: string) => `mfa:address:${address}`;

const windowStart = (now: Date) => new Date(now.getTime() - FAILURE_WINDOW_SECONDS * 1000);

/**
 * Throws ThrottledError when any key has used up its failures in the current window; otherwise returns the
 * keys that have some failures counted (so a success clears only what exists).
 */
export async function refuseIfThrottled(db: Knex, keys: readonly string[], now: Date): Promise<string[]> {
  const rows: { key: string; count: number; window_start: Date }[] = await db('auth_failures')
    .whereIn('key', keys)
    .andWhere('window_start', '>', windowStart(now))
    .select('key', 'count', 'window_start');
  const spent = rows.filter((row) => row.count >= FAILURE_LIMIT);
  if (spent.length === 0) return rows.map((row) => row.key);
  const ends = Math.max(...spent.map((row) => row.window_start.getTime() + FAILURE_WINDOW_SECONDS * 1000));
  throw new ThrottledError(Math.max(1, Math.ceil((ends - now.getTime()) / 1000)));
}

/** Counts one failure for each key: a window that has ended starts again at 1. */
export async function recordFailure(db: Knex, keys: readonly string[], now: Date): Promise<void> {
  const stale = windowStart(now);
  for (const key of keys) {
    await db.raw(
      `insert into auth_failures (key, count, window_start) values (?, 1, ?)
       on conflict (key) do update set
         count = case when auth_failures.window_start <= ? then 1 else auth_failures.count + 1 end,
         window_start = case when auth_failures.window_start <= ? then excluded.window_start
                        else auth_failures.window_start end`,
      [key, now, stale, stale],
    );
  }
  await db('auth_failures').where('window_start', '<=', stale).delete();
}

/** A success clears the account's count (the address keeps its own: it may be guessing other accounts). */
export async function clearFailures(db: Knex, keys: readonly string[]): Promise<void> {
  await db('auth_failures').whereIn('key', keys).delete();
}
