import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { startSweeper, sweepContext } from '../../src/processes/sweeper.js';

/** A logger keeping what it logged, as [level, message, count]. */
function recordingLogger() {
  const lines: [string, string, unknown][] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        const { level, msg, count } = JSON.parse(line);
        lines.push([level === 30 ? 'info' : 'error', msg, count]);
      },
    },
  );
  return { logger, lines };
}

const HOUR_MS = 3_600_000;

describe('a sweeper', () => {
  it('sweeps at once, logs what a sweep did, and stop waits for the sweep under way', async () => {
    const { logger, lines } = recordingLogger();
    let finish: (count: number) => void = () => undefined;
    let began: () => void = () => undefined;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const sweep = () =>
      new Promise<number>((resolve) => {
        finish = resolve;
        began();
      });
    const sweeper = startSweeper(sweep, {
      intervalMs: HOUR_MS,
      logger,
      done: 'swept',
      failed: 'sweep failed',
    });
    await begun;
    let stoppedYet = false;
    const stopped = sweeper.stop().then(() => {
      stoppedYet = true;
    });
    await Promise.resolve();
    expect(stoppedYet).toBe(false);
    finish(3);
    await stopped;
    expect(lines).toEqual([['info', 'swept', 3]]);
  });

  it('logs nothing for a sweep that found nothing, and a failure as an error', async () => {
    for (const [sweep, expected] of [
      [async () => 0, []],
      [async () => Promise.reject(new Error('down')), [['error', 'sweep failed', undefined]]],
    ] as const) {
      const { logger, lines } = recordingLogger();
      await startSweeper(sweep, {
        intervalMs: HOUR_MS,
        logger,
        done: 'swept',
        failed: 'sweep failed',
      }).stop();
      expect(lines).toEqual(expected);
    }
  });

  it("keys a sweep's command by what it sweeps, so two sweeps append it once", () => {
    const time = new Date('2026-01-01T00:00:00Z');
    expect(sweepContext('status-expiry', '42', 'a1', time)).toEqual({
      commandId: 'status-expiry/42',
      actor: 'a1',
      correlationId: 'status-expiry/42',
      causationId: null,
      time,
    });
  });
});
