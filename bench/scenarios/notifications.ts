import { projectAll, startBenchApp } from '../lib/app.js';
import { BenchServers, bearerHeaders, getVersusBare } from '../lib/http.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { round } from '../lib/stats.js';
import { OTHERS, PER_ACCOUNT, seedNotifications } from './notificationsSeed.js';

const CLIENTS = [4, 8];
const ROUNDS = 6;
const WARM_UP_MS = 500;
const TARGET_RATIO = 0.4;
const LIST = 'GET /api/v1/notifications';

async function run(context: ScenarioContext): Promise<ResultRow[]> {
  const app = await startBenchApp(context, { waitTimeoutMs: 600_000, batchSize: 2_000 });
  const servers = new BenchServers();
  try {
    await app.engine.start();
    const home = await seedNotifications(app.eventStore, app.config.PUBLIC_URL, context.log);
    const projecting = performance.now();
    await projectAll(app);
    context.log(`projected in ${round((performance.now() - projecting) / 1000, 1)} s`);
    await app.database.db.raw('analyze');
    const [counted] = await app.database
      .db('notifications')
      .where({ account_id: home.id })
      .count({ count: '*' });
    const count = counted?.count;
    context.log(`home user: ${count} notifications`);

    const deps = await app.deps();
    const headers = await bearerHeaders(deps, home.id);
    return await getVersusBare(servers, deps, context, {
      name: LIST,
      path: '/api/v1/notifications',
      barePath: '/notifications',
      headers,
      load: { clients: CLIENTS, warmUpMs: WARM_UP_MS, rounds: ROUNDS },
      describe: (sample, bytes) => {
        const page = sample as { type: string }[];
        const types = [...new Set(page.map((n) => n.type))].join(', ');
        return `notifications: ${page.length} per page (${types}), ${bytes} bytes`;
      },
    });
  } finally {
    servers.close();
    await app.stop();
  }
}

export const notifications: Scenario = {
  name: 'notifications',
  description:
    `${LIST} (20 notifications, rendered with their accounts and statuses) over HTTP on loopback for a user with ` +
    `${(OTHERS * PER_ACCOUNT).toLocaleString('en')} notifications, beside a bare express route answering the same JSON.`,
  run,
  notes: (rows) => {
    const measured = rows.filter((r) => r.case === LIST);
    const met = measured.every(
      (r) => typeof r['ratio vs bare'] === 'number' && r['ratio vs bare'] >= TARGET_RATIO,
    );
    return [
      `Seeded through the event store and projected: ${OTHERS.toLocaleString('en')} accounts each follow the home user, ` +
        'mention them 4 times, favourite 3 of their statuses and react to 2 (each account’s ten together, so a page mixes the types).',
      'ratio vs bare = list req/s ÷ bare route req/s at the same number of clients; each client waits for its answer.',
      `Target: ratio ≥ ${TARGET_RATIO}. ${met ? 'Met in this run.' : 'Not met in this run.'}`,
    ];
  },
};
