import type { AppDeps } from '../../src/api/deps.js';
import { type BenchApp, projectAll, startBenchApp } from './app.js';
import { BenchServers, bearerHeaders, getVersusBare, type ReadLoad, type VersusBare } from './http.js';
import type { ResultRow, ScenarioContext } from './scenario.js';
import { round } from './stats.js';

/** How every read scenario loads its endpoint: 4 then 8 clients, each in 6 interleaved slices. */
export const READ_LOAD: ReadLoad = { clients: [4, 8], warmUpMs: 500, rounds: 6 };

export interface SeededRead {
  /** Seeds through the store (the engine runs) and answers the account whose requests are measured. */
  seed(app: BenchApp, deps: AppDeps, context: ScenarioContext): Promise<{ id: string }>;
  /** A line for the log about what that account got, read once everything is projected. */
  describeSeed?(app: BenchApp, accountId: string): Promise<string>;
  /** The endpoint measured and its bare twin. */
  request: Omit<VersusBare, 'headers' | 'load'>;
}

/**
 * A read scenario: a fresh database with every read model, seeded and fully projected, then vacuumed and
 * analyzed as autovacuum would have by then on a running server (seeding leaves dead row versions behind: every
 * participation a later status read, say, and its entry in the partial index of unread ones), the endpoint
 * measured for the seeded account beside the bare route answering its own sample.
 */
export async function runSeededRead(context: ScenarioContext, scenario: SeededRead): Promise<ResultRow[]> {
  const app = await startBenchApp(context, { waitTimeoutMs: 600_000, batchSize: 2_000 });
  const servers = new BenchServers();
  try {
    await app.engine.start();
    const deps = await app.deps();
    const account = await scenario.seed(app, deps, context);
    const projecting = performance.now();
    await projectAll(app);
    context.log(`projected in ${round((performance.now() - projecting) / 1000, 1)} s`);
    await app.database.db.raw('vacuum analyze');
    if (scenario.describeSeed) context.log(await scenario.describeSeed(app, account.id));
    const headers = await bearerHeaders(deps, account.id);
    return await getVersusBare(servers, deps, context, { ...scenario.request, headers, load: READ_LOAD });
  } finally {
    servers.close();
    await app.stop();
  }
}

/** The notes under a read table after the scenario's own: how to read the ratio, and whether the target was met. */
export function readNotes(
  rows: ResultRow[],
  name: string,
  target: { ratio: number; p99Ms?: number },
): string[] {
  const met = rows
    .filter((row) => row.case === name)
    .every(
      (row) =>
        typeof row['ratio vs bare'] === 'number' &&
        row['ratio vs bare'] >= target.ratio &&
        (target.p99Ms === undefined || Number(row['p99 ms']) < target.p99Ms),
    );
  const bound = target.p99Ms === undefined ? '' : ` and p99 < ${target.p99Ms} ms`;
  return [
    'ratio vs bare = endpoint req/s ÷ bare route req/s at the same number of clients; each client waits for its answer.',
    `Target: ratio ≥ ${target.ratio}${bound}. ${met ? 'Met in this run.' : 'Not met in this run.'}`,
  ];
}
