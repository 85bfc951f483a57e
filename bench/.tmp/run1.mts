import { provisionServer } from '/work/main/bench/lib/database.ts';
import { reactionRoundTrip } from '/work/main/bench/scenarios/reactionRoundTrip.ts';
const server = await provisionServer();
try {
  const rows = await reactionRoundTrip.run({ server, caseDurationMs: 3000, log: console.log });
  console.log(rows);
} catch (e) { console.log('ERR', e); }
await server.stop();
