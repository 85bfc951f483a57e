import type { Logger } from 'pino';
import type { CommandContext } from '../commands/handleCommand.js';

/**
 * The context of a command a sweep issues about one thing (`<kind>/<id>`): its id depends on that thing only,
 * so sweeps running at once (two servers, say) append it once.
 */
export const sweepContext = (kind: string, id: string, actor: string | null, time: Date): CommandContext => ({
  commandId: `${kind}/${id}`,
  actor,
  correlationId: `${kind}/${id}`,
  causationId: null,
  time,
});

/**
 * Runs `sweep` now and then every `intervalMs` (main.ts), one at a time; a sweep that did something is logged
 * as `done` with its count, a failed one as `failed` and tried again next time.
 */
export function startSweeper(
  sweep: () => Promise<number>,
  options: { intervalMs: number; logger: Logger; done: string; failed: string },
) {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running
      .then(sweep)
      .then((count) => count > 0 && options.logger.info({ count }, options.done))
      .catch((error) => options.logger.error({ err: error }, options.failed));
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
