import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify as argon2Verify, hash } from '@node-rs/argon2';
import express from 'express';
import { generate } from 'otplib';
import { pino } from 'pino';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import { createCaptcha } from '../../src/captcha/challenge.js';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { newTotpSecret, runMfaCommand } from '../../src/commands/mfa/index.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { loadConfig } from '../../src/config.js';
import { createKeyRing } from '../../src/crypto/keyRing.js';
import { IdGenerator } from '../../src/domain/shared/ids.js';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createProjectionEngine } from '../../src/projections/engine.js';
import { allProjectors } from '../../src/projections/registry.js';
import { createBenchDatabase } from '../lib/database.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { type LoadResult, percentile, rate, ratio, round, runLoad } from '../lib/stats.js';
import { seedChallengers } from './mfaChallengeSeed.js';

const CLIENTS = [1, 4];
const ROUNDS = 6;
/** The first cases are what the others are compared with. */
const BASELINES = 3;
const WARM_UP_MS = 300;
/** Accounts with TOTP on, each passing one challenge: a TOTP code is accepted once. */
const CHALLENGE_ACCOUNTS = 2_000;
const PASSWORD = 'correct horse battery staple';

const logger = pino({ level: process.env.BENCH_LOG ?? 'silent' });
const context = (actor: string | null = null) => ({
  commandId: randomUUID(),
  actor,
  correlationId: randomUUID(),
  causationId: null,
  time: new Date(),
});

const merge = (parts: LoadResult[]): LoadResult => ({
  operations: parts.reduce((sum, p) => sum + p.operations, 0),
  elapsedMs: parts.reduce((sum, p) => sum + p.elapsedMs, 0),
  latenciesMs: parts.flatMap((p) => p.latenciesMs),
});

async function post(url: string, body: Record<string, string>, status: number) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== status) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

function row(name: string, clients: number, result: LoadResult, bare?: number, argon2?: number): ResultRow {
  const perSecond = rate(result.operations, result.elapsedMs);
  const vs = (baseline: number | undefined) => {
    const r = baseline === undefined ? null : ratio(perSecond, baseline);
    return r === null ? null : round(r, 2);
  };
  return {
    case: name,
    clients,
    'ops/s': round(perSecond, 1),
    'p50 ms': round(percentile(result.latenciesMs, 50), 2),
    'p99 ms': round(percentile(result.latenciesMs, 99), 2),
    'ratio vs bare': vs(bare),
    'ratio vs argon2': vs(argon2),
  };
}

async function run(scenario: ScenarioContext): Promise<ResultRow[]> {
  const database = await createBenchDatabase(scenario.server.adminUrl, 16);
  const config = loadConfig({
    PUBLIC_URL: 'http://localhost:4000',
    LOG_LEVEL: 'silent',
    MASTER_KEY: randomBytes(32).toString('hex'),
  });
  const eventStore = createPostgresEventStore(database.db);
  const engine = createProjectionEngine({
    db: database.db,
    eventStore,
    projectors: allProjectors({ config }),
    logger,
    waitTimeoutMs: 600_000,
  });
  const servers: Server[] = [];
  try {
    await engine.start();
    const deps: AppDeps = {
      config,
      db: database.db,
      eventStore,
      projections: engine,
      ids: new IdGenerator(),
      clock: () => new Date(),
      logger,
      keys: createKeyRing(database.db, Buffer.from(config.MASTER_KEY!, 'hex')),
      mailer: createMailer(config, logger),
      captcha: createCaptcha(Buffer.from(config.MASTER_KEY!, 'hex')),
      emoji: await createEmojiRegistry(join(tmpdir(), 'annals-bench-no-emoji')),
    };
    const client = await registerApp(
      deps,
      { name: 'bench', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] },
      context(),
    );
    const plain = await registerAccount(
      deps,
      { nickname: 'plain', password: PASSWORD, byAdmin: true },
      context(),
    );
    const withMfa = await registerAccount(
      deps,
      { nickname: 'guarded', password: PASSWORD, byAdmin: true },
      context(),
    );
    const guardedSecret = newTotpSecret();
    const sealed = await deps.keys.encrypt(withMfa.id, guardedSecret);
    await runMfaCommand(deps, { type: 'SetupTotp', accountId: withMfa.id, sealedSecret: sealed }, context());
    const confirm = {
      type: 'ConfirmTotp',
      accountId: withMfa.id,
      sealedSecret: sealed,
      timeStep: 1,
    } as const;
    await runMfaCommand(deps, confirm, context());
    const seeding = performance.now();
    const challengers = await seedChallengers(deps, client.appId, CHALLENGE_ACCOUNTS);
    // Every read model caught up, so no projector's catch-up runs into the measurement.
    const projectorNames = allProjectors({ config }).map((projector) => projector.name);
    await engine.waitFor(projectorNames, await eventStore.headPosition(), 600_000);
    scenario.log(
      `${challengers.length} TOTP accounts seeded in ${round((performance.now() - seeding) / 1000, 1)} s`,
    );
    await database.db.raw('analyze');

    const outer = express();
    outer.post('/bench/bare', express.json(), (_req, res) => {
      res.json({ ok: true });
    });
    outer.use(buildApp(deps)); // the same server and HTTP stack for the baseline and the real routes
    const server = outer.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const storedHash = await hash(PASSWORD);
    const grant = (username: string) => ({
      grant_type: 'password',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      username,
      password: PASSWORD,
    });
    let nextChallenger = 0;
    const challenge = async () => {
      const next = challengers[nextChallenger++];
      if (!next) throw new Error('out of challenge accounts: raise CHALLENGE_ACCOUNTS');
      const code = await generate({ secret: next.secret });
      const body = { client_id: client.clientId, client_secret: client.clientSecret, code };
      await post(
        `${base}/oauth/mfa/challenge`,
        { ...body, mfa_token: next.mfaToken, challenge_type: 'totp' },
        200,
      );
    };
    // What every successful login ends with: the TokenIssued append and the wait for the oauth read model.
    const issueOne = async () =>
      void (await issueToken(deps, {
        accountId: plain.id,
        appId: client.appId,
        scopes: ['read'],
        context: context(),
      }));
    const operations: [string, () => Promise<void>][] = [
      ['bare express POST → JSON', () => post(`${base}/bench/bare`, { a: 'b' }, 200)],
      ['argon2id verify alone (in process)', async () => void (await argon2Verify(storedHash, PASSWORD))],
      ['token issue alone (in process)', issueOne],
      ['POST /oauth/token password → 200', () => post(`${base}/oauth/token`, grant(plain.nickname), 200)],
      [
        'POST /oauth/token password → 403 mfa_required',
        () => post(`${base}/oauth/token`, grant('guarded'), 403),
      ],
      ['POST /oauth/mfa/challenge totp → 200', challenge],
    ];

    const rows: ResultRow[] = [];
    for (const clients of CLIENTS) {
      const cases = operations.map(([name, op]) => ({ name, op, parts: [] as LoadResult[] }));
      for (const each of cases) await runLoad({ concurrency: clients, durationMs: WARM_UP_MS }, each.op);
      // Interleaved slices: every case sees the same moments of a machine shared with others.
      for (let i = 0; i < ROUNDS; i++) {
        for (const each of cases) {
          const durationMs = scenario.caseDurationMs / ROUNDS;
          each.parts.push(await runLoad({ concurrency: clients, durationMs }, each.op));
        }
      }
      const results = cases.map((each) => merge(each.parts));
      const [bareRate, argon2Rate] = results.slice(0, 2).map((r) => rate(r.operations, r.elapsedMs));
      cases.forEach((each, i) => {
        const baselines = i < BASELINES ? [] : [bareRate, argon2Rate];
        rows.push(row(each.name, clients, results[i]!, ...baselines));
      });
      scenario.log(`${clients} client(s) done`);
    }
    return rows;
  } finally {
    for (const server of servers) server.close();
    await engine.stop();
    await eventStore.close();
    await database.drop();
  }
}

export const mfaChallenge: Scenario = {
  name: 'mfa-challenge',
  description:
    'The password grant (plain and MFA accounts) and the MFA TOTP challenge over HTTP on loopback, beside a bare ' +
    'express route on the same server, argon2id verification alone and token issuance alone at the same concurrency.',
  run,
  notes: (rows) => {
    const p50 = (name: string, clients: number) =>
      Number(rows.find((r) => String(r.case).startsWith(name) && r.clients === clients)?.['p50 ms']);
    const ms = (value: number) => `${round(value, 1)} ms`;
    return [
      ...CLIENTS.map((clients) => {
        const argon2 = p50('argon2id', clients);
        const issue = p50('token issue', clients);
        const grant = p50('POST /oauth/token password → 200', clients);
        const required = p50('POST /oauth/token password → 403', clients);
        const challenge = p50('POST /oauth/mfa/challenge', clients);
        return (
          `${clients} client(s), medians: password grant ${ms(grant)} ≈ argon2id ${ms(argon2)} + token issue ` +
          `${ms(issue)}; mfa_required ${ms(required)} ≈ argon2id + one mfa_tokens insert; challenge ` +
          `${ms(challenge)} = token issue + ${ms(challenge - issue)} of MFA work (token lookup, throttle check, ` +
          'stream read, TOTP check, the TotpCodeUsed append), no password hash.'
        );
      }),
      'Token issue = the TokenIssued append plus the wait for the oauth read model (read-your-writes); every ' +
        'login pays it, with or without MFA. Ratios are ops/s against the bare route and against argon2id alone.',
      `Load average when the run ended: ${round(loadavg()[0] ?? 0, 2)} on ${cpus().length} CPUs (a shared machine).`,
    ];
  },
};
