import type { Knex } from 'knex';
import type pg from 'pg';
import { preparedQuery } from '../db/prepared.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedState,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
} from './eventStore.js';
import { createPgNotifier, watchTransactionEnds } from './pgNotifier.js';
import { HORIZON, readPage as readLogPage, readStreamEvents } from './pgReads.js';
import { originalOrConflict, originalsOrConflict } from './pgRefusedAppends.js';
import {
  type PollingSubscription,
  type StoreLogger,
  sharedPageReader,
  silentLogger,
  startPollingSubscription,
} from './pollingSubscription.js';

export interface PostgresEventStoreOptions {
  logger?: StoreLogger;
  /** Where the LISTEN connection goes; defaults to the knex connection settings. */
  listenConnection?: pg.ClientConfig;
  pollIntervalMs?: number;
  heldBackPollMs?: number;
  subscriptionBatchSize?: number;
}

/** Positions pack (transaction id << 20) + index; see migrations/001_event_store.ts. */
const MAX_EVENTS_PER_APPEND = 1 << 20;
const CHANNEL = 'annals_events';
const APPEND =
  'select next_revision, last_position::text from annals_append_to_stream($1, $2, $3, $4::jsonb)';
const APPEND_MANY =
  'select request, next_revision, last_position::text from annals_append_to_streams($1::jsonb)';

const eventsPayload = (events: readonly NewEvent[]) =>
  events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }));

function connectionOf(db: Knex): pg.ClientConfig {
  const connection: unknown = db.client.config.connection;
  if (typeof connection === 'string') return { connectionString: connection };
  if (connection && typeof connection === 'object') return connection as pg.ClientConfig;
  throw new Error(
    'createPostgresEventStore needs options.listenConnection when knex has no static connection',
  );
}

/**
 * The embedded default adapter. `db` stays the caller's: close() ends subscriptions and the LISTEN
 * connection, not the pool.
 */
export function createPostgresEventStore(db: Knex, options: PostgresEventStoreOptions = {}): EventStore {
  const logger = options.logger ?? silentLogger;
  const notifier = createPgNotifier({
    connection: options.listenConnection ?? connectionOf(db),
    channel: CHANNEL,
    sendNotify: (payload) => db.raw('select pg_notify(?, ?)', [CHANNEL, payload]),
    logger,
  });
  const subscriptions = new Set<PollingSubscription>();
  /**
   * Our own write transactions (projectors' batches) hold back what is appended meanwhile; while anyone
   * subscribes, their ends wake subscribers waiting for held-back events (see startPollingSubscription).
   */
  let transactionEnds = 0;
  let unwatch: (() => void) | undefined;
  const track = (subscription: PollingSubscription) => {
    subscriptions.add(subscription);
    unwatch ??= watchTransactionEnds(db, () => {
      transactionEnds += 1;
      for (const each of subscriptions) each.recheck();
    });
  };
  const untrack = (subscription: PollingSubscription) => {
    subscriptions.delete(subscription);
    if (subscriptions.size > 0) return;
    unwatch?.();
    unwatch = undefined;
  };

  /**
   * Positions come from transaction ids (migration 001): a log restored from a dump into a younger cluster
   * would give new events smaller positions than old ones. Refuse to append rather than corrupt the order.
   */
  let clusterChecked: Promise<void> | undefined;
  const checkCluster = async () => {
    const { rows } = await db.raw<{ rows: { ahead: boolean | null }[] }>(
      `select (select max(position) from events) >> 20 >= pg_snapshot_xmax(pg_current_snapshot())::text::bigint as ahead`,
    );
    if (rows[0]?.ahead) {
      throw new Error(
        'events were written by a PostgreSQL cluster with later transaction ids (restored from a dump?); ' +
          'start this cluster past them (pg_resetwal -x) before appending',
      );
    }
  };

  const clusterIsBehind = () => {
    clusterChecked ??= checkCluster().catch((error: unknown) => {
      clusterChecked = undefined;
      throw error;
    });
    return clusterChecked;
  };

  async function appendToStream(stream: string, events: readonly NewEvent[], expected: ExpectedState) {
    await clusterIsBehind();
    if (events.length >= MAX_EVENTS_PER_APPEND)
      throw new RangeError(`at most ${MAX_EVENTS_PER_APPEND - 1} events per append`);
    const payload = JSON.stringify(eventsPayload(events));
    const expectedRevision = expected.kind === 'revision' ? expected.revision : null;
    try {
      const [row] = await preparedQuery<{ next_revision: number; last_position: string }>(db, APPEND, [
        stream,
        expected.kind,
        expectedRevision,
        payload,
      ]);
      notifier.announce();
      return {
        nextRevision: row!.next_revision,
        position: BigInt(row!.last_position),
      } satisfies AppendResult;
    } catch (error) {
      return originalOrConflict(db, stream, events, expected, error);
    }
  }

  /** One call of annals_append_to_streams (migration 005): one round trip, one transaction. */
  async function appendToStreams(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    await clusterIsBehind();
    const total = requests.reduce((sum, request) => sum + request.events.length, 0);
    if (total >= MAX_EVENTS_PER_APPEND)
      throw new RangeError(`at most ${MAX_EVENTS_PER_APPEND - 1} events per append`);
    const payload = JSON.stringify(
      requests.map(({ stream, events, expected }) => ({
        stream,
        expected: expected.kind,
        expected_revision: expected.kind === 'revision' ? expected.revision : null,
        events: eventsPayload(events),
      })),
    );
    try {
      const rows = await preparedQuery<{ request: number; next_revision: number; last_position: string }>(
        db,
        APPEND_MANY,
        [payload],
      );
      notifier.announce();
      return rows.map((row) => ({ nextRevision: row.next_revision, position: BigInt(row.last_position) }));
    } catch (error) {
      return originalsOrConflict(db, requests, error);
    }
  }

  async function readStream(
    stream: string,
    { direction = 'forwards', fromRevision, maxCount }: ReadStreamOptions = {},
  ) {
    const forwards = direction === 'forwards';
    return readStreamEvents(
      db,
      stream,
      forwards,
      fromRevision ?? (forwards ? 0 : 2 ** 31 - 1),
      maxCount ?? null,
    );
  }

  const readPage = (after: bigint, maxCount: number | null, eventTypes?: readonly string[]) =>
    readLogPage(db, after, maxCount, eventTypes);

  /**
   * Subscribers woken together at the same cursor (the projection and process engines') share one read; an
   * ended transaction, like an append, may show more events, so a read begun before it is not shared after.
   */
  const subscriptionPage = sharedPageReader(readPage, {
    get generation() {
      return notifier.generation + transactionEnds;
    },
  });

  return {
    kind: 'postgres',
    appendToStream,
    appendToStreams,
    readStream,
    async readAll({ after = 0n, maxCount, eventTypes }: ReadAllOptions = {}) {
      return (await readPage(after, maxCount ?? null, eventTypes)).events;
    },
    async headPosition() {
      const { rows } = await db.raw<{ rows: { position: string | null }[] }>(
        `select max(position)::text as position from events where position < ${HORIZON}`,
      );
      return BigInt(rows[0]?.position ?? 0);
    },
    subscribe(subscribeOptions) {
      const deps = {
        readPage: subscriptionPage,
        notifier,
        logger,
        batchSize: options.subscriptionBatchSize ?? 500,
        pollIntervalMs: options.pollIntervalMs ?? 500,
        heldBackPollMs: options.heldBackPollMs ?? 20,
      };
      const subscription = startPollingSubscription(deps, subscribeOptions);
      track(subscription);
      return {
        async stop() {
          untrack(subscription);
          await subscription.stop();
        },
      };
    },
    async close() {
      const all = [...subscriptions];
      for (const subscription of all) untrack(subscription);
      await Promise.all(all.map((subscription) => subscription.stop()));
      await notifier.close();
    },
  };
}
