import type { EventStore } from '../eventstore/eventStore.js';

/**
 * Commands on one stream from this process take turns. A client's burst of requests on one stream (a dozen
 * reactions to one status, settings saved twice, notifications cleared while read) would otherwise race:
 * each reads the same revision, one append wins and the rest read and decide again, and past handleCommand's
 * bounded attempts a request that did nothing wrong gets a 409, which Pleroma never answers there. Writers in
 * other processes still meet the revision check and its retries. Queues are per store (no module state is
 * shared between stores), and a stream's entry is dropped once its last turn ends.
 */
const queues = new WeakMap<EventStore, Map<string, Promise<void>>>();

/**
 * Runs `work` once every earlier turn on `stream` has ended (however it ended). `work` is told whether it had
 * to wait: a stream read before the turn began may be stale then.
 */
export async function inStreamTurn<T>(
  store: EventStore,
  stream: string,
  work: (waited: boolean) => Promise<T>,
): Promise<T> {
  let queue = queues.get(store);
  if (!queue) {
    queue = new Map();
    queues.set(store, queue);
  }
  const before = queue.get(stream);
  const mine = before ? before.then(() => work(true)) : work(false);
  const ended = mine.then(
    () => undefined,
    () => undefined,
  );
  queue.set(stream, ended);
  try {
    return await mine;
  } finally {
    if (queue.get(stream) === ended) queue.delete(stream);
  }
}
