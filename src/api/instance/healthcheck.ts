import type { Knex } from 'knex';

/** Pleroma's Healthcheck struct (§1.3). */
export interface HealthReport {
  pool_size: number;
  active: number;
  idle: number;
  memory_used: number;
  job_queue_stats: Record<string, unknown>;
  healthy: boolean;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
}

const isTarnPool = (pool: unknown): pool is TarnPool =>
  typeof (pool as TarnPool | undefined)?.numUsed === 'function' &&
  typeof (pool as TarnPool | undefined)?.numFree === 'function';

/**
 * The database pool as knex's tarn pool sees it: its configured maximum, connections lent out and
 * connections open but idle. Unhealthy, as in Pleroma, when every connection is in use.
 */
export function healthReport(db: Knex, fallbackPoolSize: number): HealthReport {
  const pool = db.client.pool as unknown;
  const poolSize = (db.client.config as Knex.Config).pool?.max ?? fallbackPoolSize;
  const active = isTarnPool(pool) ? pool.numUsed() : 0;
  const idle = isTarnPool(pool) ? pool.numFree() : 0;
  const memoryUsed = Math.round((process.memoryUsage().rss / 1024 / 1024) * 100) / 100;
  return {
    pool_size: poolSize,
    active,
    idle,
    memory_used: memoryUsed,
    job_queue_stats: {},
    healthy: active < poolSize,
  };
}
