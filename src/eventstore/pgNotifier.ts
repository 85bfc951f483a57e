import pg from 'pg';
import type { StoreLogger } from './pollingSubscription.js';

/** Wakes subscribers when appends commit; polling covers whatever a lost connection misses. */
export interface Notifier {
  /** Registers a wake-up callback; returns the function that removes it. */
  listen(onNotify: () => void): () => void;
  /** Resolves once LISTEN is in place (or has failed: polling still works), reconnecting if it was lost. */
  ready(): Promise<void>;
  /** After an append committed: wake this store's subscribers now, and other processes' by NOTIFY. */
  announce(): void;
  close(): Promise<void>;
}

export interface NotifierOptions {
  /** Settings for the dedicated LISTEN connection. */
  connection: pg.ClientConfig;
  channel: string;
  /** Sends `NOTIFY channel` on an ordinary pooled connection. */
  sendNotify(): Promise<unknown>;
  logger: StoreLogger;
}

const RECONNECT_AFTER_MS = 5_000;

/**
 * One dedicated connection doing LISTEN for every subscription of a store: connected when the first
 * subscriber arrives, ended when the last one leaves (so an idle store holds no extra connection).
 *
 * NOTIFY is sent after the append's commit, in a transaction of its own that writes no WAL (so it commits
 * without a flush), and coalesced: at most one in flight, plus one more if appends committed meanwhile.
 */
export function createPgNotifier({ connection, channel, sendNotify, logger }: NotifierOptions): Notifier {
  const listeners = new Set<() => void>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let failedAt = 0;
  let sending: Promise<void> | undefined;
  let sendAgain = false;
  let closed = false;

  const wakeAll = () => {
    for (const listener of listeners) listener();
  };

  const disconnect = async () => {
    const current = client;
    client = undefined;
    connecting = undefined;
    await current?.end().catch(() => undefined);
  };

  const connect = async () => {
    const next = new pg.Client({ ...connection, application_name: 'annals-event-listener' });
    next.on('notification', wakeAll);
    next.on('error', (error) => {
      logger.warn({ err: error }, 'event store listener lost its connection; polling until it is back');
      failedAt = Date.now();
      if (client === next) void disconnect();
    });
    next.on('end', () => {
      if (client === next) client = connecting = undefined;
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (listeners.size === 0) {
        connecting = undefined;
        await next.end();
        return;
      }
      client = next;
      wakeAll(); // anything committed while we were deaf
    } catch (error) {
      logger.warn({ err: error }, 'event store listener could not connect; polling instead');
      failedAt = Date.now();
      await next.end().catch(() => undefined);
      connecting = undefined;
    }
  };

  const send = () => {
    sendAgain = false;
    sending = sendNotify()
      .then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error }, 'event store could not NOTIFY; listeners will poll'),
      )
      .finally(() => {
        sending = undefined;
        if (sendAgain) send();
      });
  };

  return {
    listen(onNotify) {
      listeners.add(onNotify);
      return () => {
        listeners.delete(onNotify);
        if (listeners.size === 0) void disconnect();
      };
    },
    ready() {
      if (client || listeners.size === 0) return Promise.resolve();
      if (!connecting && Date.now() - failedAt >= RECONNECT_AFTER_MS) connecting = connect();
      return connecting ?? Promise.resolve();
    },
    announce() {
      if (closed) return;
      wakeAll();
      if (sending) sendAgain = true;
      else send();
    },
    async close() {
      closed = true;
      listeners.clear();
      sendAgain = false;
      await sending;
      await connecting;
      await disconnect();
    },
  };
}
