import { Writable } from 'node:stream';
import { pino } from 'pino';
import { handleCommand } from '../../src/commands/handleCommand.js';
import { accountDecider, accountStream } from '../../src/domain/account/index.js';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { FOLLOWER_MOVES, followerMovesProcess } from '../../src/processes/followerMoves.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { createProcessEngine, type ProcessEngine } from '../../src/processes/runner.js';
import type { TestApp } from './app.js';
import { testContext } from './context.js';
import { lastPosition } from './relationships.js';

/**
 * The follower-moves process run by hand on the test app `app()` answers (created in the file's beforeAll):
 * engines of it on a store of the test's choosing, run until they have caught up, its log lines, and the move
 * request that starts it.
 */
export function followerMoves(app: () => TestApp) {
  const logLines: string[] = [];

  function engineWith(store: EventStore): ProcessEngine {
    const t = app();
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(JSON.parse(String(chunk)).msg);
          done();
        },
      }),
    );
    const deps = { ...t.deps, eventStore: store, logger };
    return createProcessEngine({
      db: t.deps.db,
      eventStore: t.deps.eventStore,
      logger: t.deps.logger,
      processes: [followerMovesProcess(deps)],
    });
  }

  /** move_account's command on the origin's stream, as the API issues it; answers the command's context. */
  async function requestMove(origin: string, target: string) {
    const context = testContext(origin);
    const command = { type: 'MoveAccount', targetAccountId: target } as const;
    await handleCommand(app().deps.eventStore, accountStream(origin), accountDecider, command, context);
    return context;
  }

  /** Starts `engine`, waits until its process has handled everything stored so far, and stops it. */
  async function runToEnd(engine: ProcessEngine) {
    await engine.start();
    try {
      await engine.waitFor([processCheckpointName(FOLLOWER_MOVES)], await lastPosition(app()));
    } finally {
      await engine.stop();
    }
  }

  return { logLines, engineWith, requestMove, runToEnd };
}

/** A promise that settles when the instrumented store crashes, and the callback that settles it. */
export function crashSignal() {
  let crashed!: () => void;
  const crash = new Promise<void>((resolve) => {
    crashed = resolve;
  });
  return { crash, crashed };
}
