import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { handleCommand } from '../../src/commands/handleCommand.js';
import { accountDecider, accountStream } from '../../src/domain/account/index.js';
import { type Followed, relationshipStream } from '../../src/domain/relationship/index.js';
import { eventId, type IdGenerator } from '../../src/domain/shared/ids.js';
import { type EventStore, expect, type NewEvent } from '../../src/eventstore/eventStore.js';
import { FOLLOWER_MOVES, followerMovesProcess } from '../../src/processes/followerMoves.js';
import { forEachLimited } from '../../src/processes/pool.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { createProcessEngine } from '../../src/processes/runner.js';
import { ACCOUNTS_PROJECTOR } from '../../src/projections/accounts/projector.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { followCounts } from '../../src/projections/relationships/queries.js';
import { benchLogger, startBenchApp } from '../lib/app.js';
import { databaseCpuSnapshot, watchDatabaseCpu } from '../lib/databaseCpu.js';
import { profiled } from '../lib/profile.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { accountRegistered, BARE_PROFILE, commandContext as context, seedMetadata } from '../lib/seed.js';
import { percentile, ratio, round } from '../lib/stats.js';

/** BENCH_MOVE_FOLLOWERS scales it down for profiling (the target is stated for 10,000). */
const FOLLOWERS = Number(process.env.BENCH_MOVE_FOLLOWERS ?? 10_000);
/** Writers of the row-per-transaction context row. */
const WRITERS = 8;
/** Runs of the one-statement baseline (the median is reported). */
const BULK_RUNS = 3;
const TARGET_RATIO = 10;
const WAIT_MS = 600_000;

const newEvent = (type: string, data: object): NewEvent => ({
  id: eventId(randomUUID()),
  type,
  data: { ...data },
  metadata: seedMetadata(new Date().toISOString()),
});

const registered = (accountId: string, nickname: string): NewEvent => {
  const { type, data } = accountRegistered(accountId, nickname, new Date().toISOString(), BARE_PROFILE);
  return newEvent(type, data);
};

/** The origin, the target and 10,000 followers of the origin, appended straight to fresh streams. */
async function seed(store: EventStore, ids: IdGenerator) {
  const [originId, targetId] = [ids.next(), ids.next()];
  const followerIds = Array.from({ length: FOLLOWERS }, () => ids.next());
  const appends: [string, NewEvent][] = [
    [accountStream(originId), registered(originId, 'origin')],
    [accountStream(targetId), registered(targetId, 'target')],
    ...followerIds.map((id, i): [string, NewEvent] => [accountStream(id), registered(id, `follower${i}`)]),
    ...followerIds.map((followerId): [string, NewEvent] => {
      const data: Followed['data'] = { followerId, followedId: originId, showingReblogs: true };
      return [relationshipStream(followerId, originId), newEvent('Followed', data)];
    }),
  ];
  let last = 0n;
  await forEachLimited(appends, WRITERS, async ([stream, event]) => {
    const { position } = await store.appendToStream(stream, [event], expect.noStream);
    if (position > last) last = position;
  });
  return { originId, targetId, followerIds, last };
}

/**
 * The baseline: the same 10,000 follow rows, as the read model stores them, into a copy of its follows table
 * (same columns, key and index), in one multi-row INSERT (the SQL text built beforehand; the median of
 * BULK_RUNS, the table emptied between). For context: the same rows one transaction each, from WRITERS writers.
 */
async function rawInserts(db: Knex, followerIds: string[], targetId: string) {
  const table = 'bench_follows';
  await db.raw(`create table ${table} (like follows including all)`);
  const values = followerIds.map((id) => `('${id}', '${targetId}', false, 0, 0)`).join(',\n');
  const columns = 'follower_id, followed_id, pending, home_since_id, since_position';
  const bulkSql = `insert into ${table} (${columns}) values ${values}`;
  const bulk: number[] = [];
  for (let run = 0; run < BULK_RUNS; run++) {
    await db.raw(`truncate ${table}`);
    const started = performance.now();
    await db.raw(bulkSql);
    bulk.push(performance.now() - started);
  }
  await db.raw(`truncate ${table}`);
  const started = performance.now();
  await forEachLimited(followerIds, WRITERS, async (followerId) => {
    await db.raw(`insert into ${table} (${columns}) values (?, ?, false, 0, 0)`, [followerId, targetId]);
  });
  const perRowMs = performance.now() - started;
  await db.raw(`drop table ${table}`);
  return { bulkMs: percentile(bulk, 50), perRowMs };
}

async function run(scenario: ScenarioContext): Promise<ResultRow[]> {
  const app = await startBenchApp(scenario, { logger: benchLogger(), waitTimeoutMs: WAIT_MS });
  const { database, eventStore, engine } = app;
  const deps = await app.deps();
  const processes = createProcessEngine({
    db: database.db,
    eventStore,
    logger: app.logger,
    processes: [followerMovesProcess(deps)],
    waitTimeoutMs: WAIT_MS,
  });
  try {
    await engine.start();
    const { originId, targetId, followerIds, last } = await seed(eventStore, deps.ids);
    await engine.waitFor([ACCOUNTS_PROJECTOR, RELATIONSHIPS_PROJECTOR], last);
    await database.db.raw('analyze');
    scenario.log(`seeded: ${FOLLOWERS} followers of the origin`);

    const raw = await rawInserts(database.db, followerIds, targetId);
    scenario.log(
      `raw inserts: ${round(raw.bulkMs)} ms in one statement (median of ${BULK_RUNS}), ${round(raw.perRowMs)} ms a transaction per row`,
    );

    await processes.start();
    watchDatabaseCpu(database.db);
    const databaseCpu = await databaseCpuSnapshot();
    const nodeCpu = process.cpuUsage();
    const started = performance.now();
    let processMs = 0;
    await profiled('account-move', async () => {
      const move = { type: 'MoveAccount', targetAccountId: targetId } as const;
      const moved = await handleCommand(
        eventStore,
        accountStream(originId),
        accountDecider,
        move,
        context(originId),
      );
      await processes.waitFor([processCheckpointName(FOLLOWER_MOVES)], moved.position);
      processMs = performance.now() - started;
      const { rows } = await database.db.raw('select max(position)::text as position from events');
      await engine.waitFor([RELATIONSHIPS_PROJECTOR], BigInt(rows[0].position));
    });
    const moveMs = performance.now() - started;
    const { user, system } = process.cpuUsage(nodeCpu);
    const databaseMs = await databaseCpu.since();
    const counts = await followCounts(database.db, [originId, targetId]);
    if (counts.get(targetId)?.followers !== FOLLOWERS || counts.get(originId)?.followers !== 0) {
      throw new Error(`move incomplete: ${JSON.stringify(Object.fromEntries(counts))}`);
    }
    scenario.log(
      `moved ${FOLLOWERS} followers in ${round(moveMs)} ms (the process done after ${round(processMs)} ms); ` +
        `CPU meanwhile: ${round((user + system) / 1000)} ms in this process (app and every projector), ` +
        `${round(databaseMs)} ms in its PostgreSQL backends`,
    );

    const row = (name: string, ms: number, baseline: number | null): ResultRow => ({
      case: name,
      followers: FOLLOWERS,
      'total ms': round(ms, 0),
      'follows/s': round((FOLLOWERS * 1000) / ms, 0),
      'move ÷ this': baseline === null ? null : round(ratio(moveMs, ms) ?? 0, 2),
    });
    return [
      row('raw INSERT of the 10,000 rows, one statement (baseline)', raw.bulkMs, raw.bulkMs),
      row(`raw INSERT, a transaction per row (${WRITERS} writers; context)`, raw.perRowMs, raw.perRowMs),
      row('move_account → every follower follows the target (read model)', moveMs, null),
    ];
  } finally {
    await processes.stop();
    await app.stop();
  }
}

export const accountMove: Scenario = {
  name: 'account-move',
  description:
    'A move (§1.9) of an account with 10,000 local followers: from the Moved append until the relationships read model shows every follower following the target (each follower: follow the target, unfollow the origin, on two pair streams; a chunk of 500 followers in one multi-stream append, then projected), beside inserting the same 10,000 follow rows into a copy of the follows table with one raw SQL statement in the same run.',
  run,
  notes: (rows) => {
    const [bulk, perRow] = rows;
    const ratioOf = (r: ResultRow | undefined) => Number(r?.['move ÷ this'] ?? Number.NaN);
    const met = ratioOf(bulk) <= TARGET_RATIO ? 'met' : 'NOT met';
    return [
      'move ÷ this = time of the move ÷ time of that raw insert (lower is better).',
      `Target: within ${TARGET_RATIO}× the raw insert of the same rows in one statement: ${ratioOf(bulk)}× — ${met}.`,
      `Context: ${ratioOf(perRow)}× the same rows committed one by one (what a server committing each follow pays for its commits alone). The move appends 20,000 events (a follow and an unfollow per follower, on two pair streams; 500 followers per atomic multi-stream append) and the read models apply them set-based, a batch at a time.`,
    ];
  },
};
