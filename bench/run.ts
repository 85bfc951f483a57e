import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionServer } from './lib/database.js';
import { formatTable, writeReport } from './lib/report.js';
import type { Scenario } from './lib/scenario.js';
import { accountMove } from './scenarios/accountMove.js';
import { backup } from './scenarios/backup.js';
import { conversations } from './scenarios/conversations.js';
import { eventstoreAppends } from './scenarios/eventstoreAppends.js';
import { homeTimeline } from './scenarios/homeTimeline.js';
import { mfaChallenge } from './scenarios/mfaChallenge.js';
import { notifications } from './scenarios/notifications.js';
import { reactionRoundTrip } from './scenarios/reactionRoundTrip.js';

/** Every scenario, in running order. Add new ones here. */
const scenarios: Scenario[] = [
  eventstoreAppends,
  homeTimeline,
  reactionRoundTrip,
  mfaChallenge,
  accountMove,
  backup,
  conversations,
  notifications,
];

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** `npm run bench [-- name …]`: all scenarios, or only the named ones. */
async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`,
    );
  }
  const selected =
    names.length > 0 ? scenarios.filter((scenario) => names.includes(scenario.name)) : scenarios;
  const caseDurationMs = Number(process.env.BENCH_SECONDS ?? 3) * 1000;
  const server = await provisionServer();
  console.log(`[bench] PostgreSQL: ${server.source}; ${caseDurationMs / 1000} s per case`);
  try {
    for (const scenario of selected) {
      const startedAt = new Date().toISOString();
      console.log(`\n[bench] ${scenario.name}: ${scenario.description}`);
      const rows = await scenario.run({
        server,
        caseDurationMs,
        log: (message) => console.log(`[bench]   ${message}`),
      });
      const notes = scenario.notes?.(rows) ?? [];
      console.log(`\n${formatTable(rows)}\n${notes.map((note) => `  ${note}`).join('\n')}`);
      const environment = {
        node: process.version,
        cpus: cpus().length,
        postgres: server.source,
        caseSeconds: caseDurationMs / 1000,
      };
      const files = await writeReport(RESULTS, scenario, {
        scenario: scenario.name,
        description: scenario.description,
        startedAt,
        environment,
        rows,
        notes,
      });
      console.log(`[bench] wrote ${files.join(', ')}`);
    }
  } finally {
    await server.stop();
  }
}

await main(process.argv.slice(2));
