import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
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
  /**
   * Counts wake-ups (an append here, a NOTIFY from elsewhere). A read that began at the current generation
   * sees every event announced so far, so a subscriber woken now may share it instead of reading again.
   */
  readonly generation: number;
  close(): Promise<void>;
}

export interface NotifierOptions {
  /** Settings for the dedicated LISTEN connection. */
  connection: pg.ClientConfig;
  channel: string;
  /** Sends `NOTIFY channel, payload` on an ordinary pooled connection. */
  sendNotify(payload: string): Promise<unknown>;
  logger: StoreLogger;
}

const RECONNECT_AFTER_MS = 5_000;
/** Other processes hear of new events at most this late; a busy store sends ~100 NOTIFYs/s, not one per append. */
const NOTIFY_INTERVAL_MS = 10;
const HELLO = 'hello:';

/**
 * One dedicated connection doing LISTEN for every subscription of a store: connected when the first
 * subscriber arrives, ended when the last one leaves (so an idle store holds no extra connection).
 *
 * NOTIFY is sent after the append's commit, in a transaction of its own that writes no WAL (so it commits
 * without a flush), and coalesced: at most one in flight and one per NOTIFY_INTERVAL_MS. (Not inside the
 * append: PostgreSQL serialises every notifying commit, fsync included, on one lock.) This store's own
 * subscribers are woken at once, without a round trip; the NOTIFY carries this notifier's id so that its
 * echo on our own LISTEN connection does not wake them (and make them read) a second time.
 *
 * Nor is it sent for nobody: while LISTEN is in place and no other store has been heard on the channel, a
 * NOTIFY would only come back to us. A store that starts listening says hello; whoever hears it answers,
 * so two listening stores (the server and a CLI rebuild, two servers) learn of each other whichever came
 * first. A store not listening (a CLI that only appends) always sends. A hello lost while our LISTEN was
 * down is said again when it is back; until then the other side's poll timer covers, as for any lost NOTIFY.
 */
export function createPgNotifier({ connection, channel, sendNotify, logger }: NotifierOptions): Notifier {
  const listeners = new Set<() => void>();
  const id = randomUUID();
  let generation = 0;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let failedAt = 0;
  let sending: Promise<void> | undefined;
  let sendTimer: NodeJS.Timeout | undefined;
  let sendAgain = false;
  let lastSentAt = 0;
  let closed = false;
  /** Another store sent on the channel since we listen: our appends must be announced to it. */
  let othersListen = false;

  const wakeAll = () => {
    generation += 1;
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
    next.on('notification', ({ payload = '' }) => {
      if (payload === id || payload === `${HELLO}${id}`) return;
      othersListen = true;
      if (!payload.startsWith(HELLO)) wakeAll();
      else if (!closed) scheduleSend(); // an answer, so the newcomer knows of us
    });
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
      sendNotify(`${HELLO}${id}`).catch((error: unknown) =>
        logger.warn({ err: error }, 'event store could not say hello; other listeners will poll'),
      );
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
    sending = sendNotify(id)
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
    get generation() {
      return generation;
    },
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
      if (othersListen || !client) scheduleSend();
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

/**
 * A knex query option (`.options({ [WRITES_ALONE]: true })`) marking a statement that writes outside any
 * transaction, as a transaction of its own (a projection runner's one-statement batch): its end, like a
 * COMMIT's, may show events it held back. node-postgres ignores the unknown key.
 */
export const WRITES_ALONE = 'annalsWritesAlone';

interface KnexQuery {
  sql?: unknown;
  __knexUid?: string;
  options?: Record<string, unknown>;
}

const endsTransaction = (query: KnexQuery) =>
  query.options?.[WRITES_ALONE] === true ||
  (typeof query.sql === 'string' && /^(COMMIT|ROLLBACK)\b/.test(query.sql));

/**
 * Calls `onEnd` each time a transaction run through `db` has committed or rolled back (knex announces its
 * COMMIT, or a statement WRITES_ALONE; the pool, that the connection came back once it was answered).
 * Answers how to stop watching.
 */
export function watchTransactionEnds(db: Knex, onEnd: () => void): () => void {
  const pool = (db.client as { pool?: TarnPool }).pool;
  if (!pool) return () => undefined;
  const ending = new Set<string>();
  const onQuery = (query: KnexQuery) => {
    if (query.__knexUid && endsTransaction(query)) ending.add(query.__knexUid);
  };
  const onRelease = (connection: { __knexUid?: string }) => {
    if (connection.__knexUid && ending.delete(connection.__knexUid)) onEnd();
  };
  db.on('query', onQuery);
  pool.on('release', onRelease);
  return () => {
    db.off('query', onQuery);
    pool.removeListener('release', onRelease);
  };
}

interface TarnPool {
  on(event: 'release', listener: (connection: { __knexUid?: string }) => void): void;
  removeListener(event: 'release', listener: (connection: { __knexUid?: string }) => void): void;
}
