import pg from 'pg';
import type { StoreLogger } from './pollingSubscription.js';

/** Wakes subscribers when appends commit; polling covers whatever a lost connection misses. */
export interface Notifier {
  /** Registers a wake-up callback; returns the function that removes it (and ends LISTEN after the last). */
  listen(onNotify: () => void): () => Promise<void>;
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
/** Other processes hear of new events at most this late; a busy store sends ~100 NOTIFYs/s, not one per append. */
const NOTIFY_INTERVAL_MS = 10;

/**
 * One dedicated connection doing LISTEN for every subscription of a store: connected when the first
 * subscriber arrives, ended when the last one leaves (so an idle store holds no extra connection).
 *
 * NOTIFY is sent after the append's commit, in a transaction of its own that writes no WAL (so it commits
 * without a flush), and coalesced: at most one in flight and one per NOTIFY_INTERVAL_MS. This store's own
 * subscribers are woken at once, without a round trip.
 */
export function createPgNotifier({ connection, channel, sendNotify, logger }: NotifierOptions): Notifier {
  const listeners = new Set<() => void>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let failedAt = 0;
  let sending: Promise<void> | undefined;
  let sendTimer: NodeJS.Timeout | undefined;
  let sendAgain = false;
  let lastSentAt = 0;
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
    const next = new pg.Client({
      connectionTimeoutMillis: 5_000,
      ...connection,
      application_name: 'annals-event-listener',
    });
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
    lastSentAt = Date.now();
    sending = sendNotify()
      .then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error }, 'event store could not NOTIFY; listeners will poll'),
      )
      .finally(() => {
        sending = undefined;
        if (sendAgain && !closed) scheduleSend();
      });
  };

  /** A pending timer's NOTIFY will cover this append too; one in flight needs one more after it. */
  const scheduleSend = () => {
    if (sendTimer) return;
    if (sending) {
      sendAgain = true;
      return;
    }
    const wait = lastSentAt + NOTIFY_INTERVAL_MS - Date.now();
    if (wait <= 0) return send();
    sendTimer = setTimeout(() => {
      sendTimer = undefined;
      send();
    }, wait);
  };

  return {
    listen(onNotify) {
      listeners.add(onNotify);
      return async () => {
        listeners.delete(onNotify);
        if (listeners.size === 0) await disconnect();
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
      scheduleSend();
    },
    async close() {
      closed = true;
      listeners.clear();
      if (sendTimer) {
        clearTimeout(sendTimer);
        sendTimer = undefined;
        if (!sending) send(); // the last appends still reach other processes
      }
      await sending;
      await connecting;
      await disconnect();
    },
  };
}
