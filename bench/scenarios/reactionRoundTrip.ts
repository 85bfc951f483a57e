import type { AppDeps } from '../../src/api/deps.js';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { postStatus } from '../../src/commands/statuses/index.js';
import { benchLogger, startBenchApp } from '../lib/app.js';
import { BenchServers, loadRow } from '../lib/http.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { commandContext as context } from '../lib/seed.js';
import { interleaved, rateOf, runLoad } from '../lib/stats.js';

const CLIENTS = 4;
const STATUSES = 20;
const ROUNDS = 6;
const WARM_UP_MS = 500;
const TARGET_RATIO = 0.3;
const TARGET_P99_MS = 50;
const EMOJI = encodeURIComponent('👍');

interface Client {
  headers: Record<string, string>;
  /** Whether this client's 👍 is on each status now: the next request on it is then a DELETE. */
  reacted: boolean[];
  puts: number[];
}

/** An account per client with a write token, and statuses by one author for them to react to. */
async function seed(deps: AppDeps): Promise<{ clients: Client[]; statusIds: string[] }> {
  const app = await registerApp(
    deps,
    { name: 'bench', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read', 'write'] },
    context(),
  );
  const clients: Client[] = [];
  const accounts = [];
  for (let i = 0; i < CLIENTS; i++) {
    const account = await registerAccount(
      deps,
      { nickname: `reactor${i}`, email: null, password: 'bench password', byAdmin: true },
      context(),
    );
    accounts.push(account);
    const token = await issueToken(deps, {
      accountId: account.id,
      appId: app.appId,
      scopes: ['read', 'write'],
      context: context(account.id),
    });
    clients.push({
      headers: { Authorization: `Bearer ${token.accessToken}` },
      reacted: Array(STATUSES).fill(false),
      puts: [],
    });
  }
  const statusIds: string[] = [];
  for (let i = 0; i < STATUSES; i++) {
    const input = { status: `Status ${i}: react to me #bench`, visibility: 'public' as const };
    statusIds.push((await postStatus(deps, accounts[0]!.id, input, context(accounts[0]!.id))).id);
  }
  return { clients, statusIds };
}

/**
 * Each client walks the statuses, putting its 👍 on one and taking it off the next time round: every
 * request is a real write (an append, a projection, a render), never an idempotent no-op.
 */
function reactionLoad(baseUrl: string, clients: Client[], statusIds: string[], durationMs: number) {
  return runLoad({ concurrency: clients.length, durationMs }, async (worker, iteration) => {
    const client = clients[worker]!;
    const index = (worker * 5 + iteration) % statusIds.length;
    const put = !client.reacted[index];
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/v1/pleroma/statuses/${statusIds[index]}/reactions/${EMOJI}`, {
      method: put ? 'PUT' : 'DELETE',
      headers: client.headers,
    });
    const body = (await res.json()) as { pleroma?: { emoji_reactions?: { me: boolean }[] } };
    if (res.status !== 200)
      throw new Error(`reaction ${put ? 'PUT' : 'DELETE'}: ${res.status} ${JSON.stringify(body)}`);
    if (put) client.puts.push(performance.now() - started);
    client.reacted[index] = put;
  });
}

function bareLoad(url: string, durationMs: number) {
  return runLoad({ concurrency: CLIENTS, durationMs }, async () => {
    const res = await fetch(url, { method: 'PUT' });
    if (res.status !== 200) throw new Error(`bare route: ${res.status}`);
    await res.arrayBuffer();
  });
}

async function run(scenario: ScenarioContext): Promise<ResultRow[]> {
  const app = await startBenchApp(scenario, { logger: benchLogger() });
  const servers = new BenchServers();
  try {
    await app.engine.start();
    const deps = await app.deps();
    const { clients, statusIds } = await seed(deps);
    const annals = await servers.startApp(deps);
    const sampleRes = await fetch(`${annals}/api/v1/pleroma/statuses/${statusIds[0]}/reactions/${EMOJI}`, {
      method: 'PUT',
      headers: clients[0]!.headers,
    });
    const sample = await sampleRes.json();
    clients[0]!.reacted[0] = true;
    const bareUrl = await servers.startBareRoute('put', '/reaction', sample);
    scenario.log(
      `${CLIENTS} clients, ${STATUSES} statuses, Status body ${JSON.stringify(sample).length} bytes`,
    );

    // Interleaved slices: the baseline and the writes see the same moments of a shared machine.
    const [baseline, reactions] = await interleaved(
      [(ms) => bareLoad(bareUrl, ms), (ms) => reactionLoad(annals, clients, statusIds, ms)],
      {
        warmUpMs: WARM_UP_MS,
        rounds: ROUNDS,
        durationMs: scenario.caseDurationMs,
        // The warm-up's PUTs are not part of the measurement.
        afterWarmUp: () => {
          for (const client of clients) client.puts.length = 0;
        },
      },
    );
    const baselineRate = rateOf(baseline!);
    const measured = { clients: CLIENTS, baseline: baselineRate };
    return [
      loadRow('bare express, fixed Status JSON', baseline!, { clients: CLIENTS }),
      loadRow('reaction PUT/DELETE round trip', reactions!, measured),
      loadRow('  of which PUT', reactions!, { ...measured, latenciesMs: clients.flatMap((c) => c.puts) }),
    ];
  } finally {
    servers.close();
    await app.stop();
  }
}

export const reactionRoundTrip: Scenario = {
  name: 'reaction-round-trip',
  description:
    `PUT/DELETE /api/v1/pleroma/statuses/:id/reactions/:emoji over HTTP on loopback, ${CLIENTS} concurrent clients, ` +
    'each answer the Status rendered from the projections after waiting for them, beside a bare express route ' +
    'answering the same Status JSON.',
  run,
  notes: (rows) => {
    const writes = rows.find((r) => r.case === 'reaction PUT/DELETE round trip');
    const met =
      writes !== undefined &&
      typeof writes['ratio vs bare'] === 'number' &&
      writes['ratio vs bare'] >= TARGET_RATIO &&
      Number(writes['p99 ms']) < TARGET_P99_MS;
    return [
      'Every request is a real write: each client alternates putting and removing its 👍 on each status ' +
        '(read stream, decide, append, wait for the reactions projection, gather, render).',
      'ratio vs bare = reaction req/s ÷ bare route req/s; "of which PUT" lists the PUT latencies alone.',
      `Target: ratio ≥ ${TARGET_RATIO} and p99 < ${TARGET_P99_MS} ms. ${met ? 'Met in this run.' : 'Not met in this run.'}`,
    ];
  },
};
