import type { AppDeps } from '../api/deps.js';
import type { CommandContext } from '../commands/handleCommand.js';
import { deleteStatus } from '../commands/statuses/delete.js';
import { DomainError } from '../domain/shared/errors.js';
import { expiredStatuses } from '../projections/statuses/queries.js';

/**
 * How often the sweep runs. Pleroma schedules each expiry as a job at its time; a sweep this often deletes a
 * status at most this late, and costs one indexed query when nothing is due.
 */
export const STATUS_EXPIRY_SWEEP_MS = 15_000;
const SWEEP_BATCH = 100;

type SweepDeps = Pick<AppDeps, 'db' | 'eventStore' | 'projections' | 'clock' | 'logger'>;

/** The deletion's command id depends on the status only, so sweeps running at once append it once. */
const expiryContext = (statusId: string, authorId: string, time: Date): CommandContext => ({
  commandId: `status-expiry/${statusId}`,
  actor: authorId,
  correlationId: `status-expiry/${statusId}`,
  causationId: null,
  time,
});

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
        await deleteStatus(
          deps,
          status.accountId,
          status.id,
          expiryContext(status.id, status.accountId, now),
        );
        deleted += 1;
      } catch (error) {
        // Deleted meanwhile (by its author, or a sweep beside this one): nothing left to do.
        if (!(error instanceof DomainError && error.status === 404)) throw error;
      }
    }
    if (due.length < SWEEP_BATCH) return deleted;
  }
}

/** Runs the sweep now and then every `intervalMs` (main.ts); a failed sweep is logged and tried next time. */
export function startStatusExpirySweeper(deps: SweepDeps, intervalMs = STATUS_EXPIRY_SWEEP_MS) {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running
      .then(() => deleteExpiredStatuses(deps))
      .then((count) => count > 0 && deps.logger.info({ count }, 'expired statuses deleted'))
      .catch((error) => deps.logger.error({ err: error }, 'status expiry sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
