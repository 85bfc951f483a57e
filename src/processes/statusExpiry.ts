import type { AppDeps } from '../api/deps.js';
import { deleteStatus } from '../commands/statuses/delete.js';
import { DomainError } from '../domain/shared/errors.js';
import { expiredStatuses } from '../projections/statuses/queries.js';
import { startSweeper, sweepContext } from './sweeper.js';

/**
 * How often the sweep runs. Pleroma schedules each expiry as a job at its time; a sweep this often deletes a
 * status at most this late, and costs one indexed query when nothing is due.
 */
export const STATUS_EXPIRY_SWEEP_MS = 15_000;
const SWEEP_BATCH = 100;

type SweepDeps = Pick<AppDeps, 'db' | 'eventStore' | 'projections' | 'clock' | 'logger'>;

/**
 * `expires_in` (Pleroma's ActivityExpiration): every status whose time has come is deleted as its author would
 * delete it (StatusDeleted, then gone from every read model). Answers how many were deleted.
 */
export async function deleteExpiredStatuses(deps: SweepDeps): Promise<number> {
  const now = deps.clock();
  let deleted = 0;
  for (;;) {
    const due = await expiredStatuses(deps.db, now, SWEEP_BATCH);
    for (const status of due) {
      try {
        // Waits until the statuses read model no longer holds it, so the next read does not name it again.
        const context = sweepContext('status-expiry', status.id, status.accountId, now);
        await deleteStatus(deps, status.accountId, status.id, context);
        deleted += 1;
      } catch (error) {
        // Deleted meanwhile (by its author, or a sweep beside this one): nothing left to do.
        if (!(error instanceof DomainError && error.status === 404)) throw error;
      }
    }
    if (due.length < SWEEP_BATCH) return deleted;
  }
}

/** Runs the sweep now and then every `intervalMs` (main.ts). */
export const startStatusExpirySweeper = (deps: SweepDeps, intervalMs = STATUS_EXPIRY_SWEEP_MS) =>
  startSweeper(() => deleteExpiredStatuses(deps), {
    intervalMs,
    logger: deps.logger,
    done: 'expired statuses deleted',
    failed: 'status expiry sweep failed',
  });
