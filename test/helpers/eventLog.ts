import type { TestApp } from './app.js';

/**
 * Rows in the events table. Counted directly rather than through `headPosition()`, which only shows
 * events older than every running transaction on the server and so could hide a bad append for a while.
 */
export async function eventCount(t: Pick<TestApp, 'deps'>): Promise<number> {
  const [row] = await t.deps.db('events').count('* as n');
  return Number(row!.n);
}

/** Runs `act` and checks the log did not grow: refused input appends nothing. Names what was appended. */
export async function appendsNothing(t: Pick<TestApp, 'deps'>, act: () => Promise<unknown>): Promise<void> {
  const before = await eventCount(t);
  await act();
  if ((await eventCount(t)) !== before) {
    const added: { stream: string; type: string }[] = await t.deps
      .db('events')
      .orderBy('position', 'desc')
      .limit((await eventCount(t)) - before)
      .select('stream', 'type');
    throw new Error(`the log grew: ${added.map((event) => `${event.stream} ${event.type}`).join(', ')}`);
  }
}
