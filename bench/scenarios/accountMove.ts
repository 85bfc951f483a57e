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
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { accountRegistered, BARE_PROFILE, commandContext as context, seedMetadata } from '../lib/seed.js';
import { ratio, round } from '../lib/stats.js';

const FOLLOWERS = 10_000;
/** Writers of the row-per-transaction baseline: the follower-moves process moves 8 followers at a time. */
const WRITERS = 8;
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

/** The same 10,000 follow rows into a plain indexed table: one transaction per row from WRITERS writers, then in one statement. */
async function rawInserts(db: Knex, followerIds: string[], targetId: string) {
  await db.raw(`create table bench_follows (follower_id text not null, followed_id text not null,
    created_at timestamptz not null default now(), primary key (follower_id, followed_id))`);
  await db.raw('create index on bench_follows (followed_id, follower_id)');
  let started = performance.now();
  await forEachLimited(followerIds, WRITERS, async (followerId) => {
    await db.raw('insert into bench_follows (follower_id, followed_id) values (?, ?)', [
      followerId,
      targetId,
    ]);
  });
  const perRowMs = performance.now() - started;
  await db.raw('truncate bench_follows');
  started = performance.now();
  await db.raw('insert into bench_follows (follower_id, followed_id) select f, ? from unnest(?::text[]) f', [
    targetId,
    followerIds,
  ]);
  const bulkMs = performance.now() - started;
  await db.raw('drop table bench_follows');
  return { perRowMs, bulkMs };
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
      `raw inserts: ${round(raw.perRowMs)} ms row by row, ${round(raw.bulkMs)} ms in one statement`,
    );

    await processes.start();
    const started = performance.now();
    const move = { type: 'MoveAccount', targetAccountId: targetId } as const;
    const moved = await handleCommand(
      eventStore,
      accountStream(originId),
      accountDecider,
      move,
      context(originId),
    );
    await processes.waitFor([processCheckpointName(FOLLOWER_MOVES)], moved.position);
    const { rows } = await database.db.raw('select max(position)::text as position from events');
    await engine.waitFor([RELATIONSHIPS_PROJECTOR], BigInt(rows[0].position));
    const moveMs = performance.now() - started;
    const counts = await followCounts(database.db, [originId, targetId]);
    if (counts.get(targetId)?.followers !== FOLLOWERS || counts.get(originId)?.followers !== 0) {
      throw new Error(`move incomplete: ${JSON.stringify(Object.fromEntries(counts))}`);
    }
    scenario.log(`moved ${FOLLOWERS} followers in ${round(moveMs)} ms`);

    const row = (name: string, ms: number, baseline: number | null): ResultRow => ({
      case: name,
      followers: FOLLOWERS,
      'total ms': round(ms, 0),
      'follows/s': round((FOLLOWERS * 1000) / ms, 0),
      'move ÷ this': baseline === null ? null : round(ratio(moveMs, ms) ?? 0, 2),
    });
    return [
      row(`raw INSERT, a transaction per row (${WRITERS} writers)`, raw.perRowMs, raw.perRowMs),
      row('raw INSERT, one statement for all rows', raw.bulkMs, raw.bulkMs),
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
    'A move (§1.9) of an account with 10,000 local followers: from the Moved append until the relationships read model shows every follower following the target (each follower: follow the target, unfollow the origin, two appends on two pair streams, then projected), beside inserting the same 10,000 follow rows into a plain table with raw SQL in the same run.',
  run,
  notes: (rows) => {
    const [perRow, bulk] = rows;
    const ratioOf = (r: ResultRow | undefined) => Number(r?.['move ÷ this'] ?? Number.NaN);
    const met = (value: number) => (value <= TARGET_RATIO ? 'met' : 'NOT met');
    return [
      'move ÷ this = time of the move ÷ time of that raw insert (lower is better).',
      `Target: within ${TARGET_RATIO}× the raw insert time. Row per transaction (what a server that commits each follow does, as Pleroma's move_following does): ${ratioOf(perRow)}× — ${met(ratioOf(perRow))}.`,
      `One statement for all rows (no per-follow commit, no log, no read model): ${ratioOf(bulk)}× — ${met(ratioOf(bulk))}; the move writes 20,000 events, each its own commit, and projects them.`,
    ];
  },
};
