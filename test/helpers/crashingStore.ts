import type { EventStore, NewEvent } from '../../src/eventstore/eventStore.js';

/**
 * The store as a process under test sees it: notes every stream it reads or writes, and fails one append
 * (the first for which `crashOn` says so; a multi-stream append when it says so of any of its requests) after
 * calling `onCrash`, as if the process died right there.
 */
export function instrumentedStore(
  inner: EventStore,
  options: { crashOn?: (stream: string, events: readonly NewEvent[]) => boolean; onCrash?: () => void } = {},
) {
  const read = new Set<string>();
  const store: EventStore = {
    ...inner,
    readStream: (stream, readOptions) => {
      read.add(stream);
      return inner.readStream(stream, readOptions);
    },
    appendToStream: async (stream, events, expected) => {
      read.add(stream);
      if (options.crashOn?.(stream, events)) {
        options.onCrash?.();
        throw new Error('simulated crash');
      }
      return inner.appendToStream(stream, events, expected);
    },
    appendToStreams: async (requests) => {
      for (const { stream } of requests) read.add(stream);
      if (requests.some(({ stream, events }) => options.crashOn?.(stream, events))) {
        options.onCrash?.();
        throw new Error('simulated crash');
      }
      return inner.appendToStreams(requests);
    },
  };
  return { store, read };
}
