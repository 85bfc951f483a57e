import { cpus, loadavg } from 'node:os';
import { verify as argon2Verify, hash } from '@node-rs/argon2';
import express from 'express';
import { generate } from 'otplib';
import { buildApp } from '../../src/api/app.js';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { newTotpSecret, runMfaCommand } from '../../src/commands/mfa/index.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { benchLogger, projectAll, startBenchApp } from '../lib/app.js';
import { BenchServers } from '../lib/http.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { commandContext as context } from '../lib/seed.js';
import {
  interleaved,
  type LoadResult,
  latencyColumns,
  rateOf,
  ratioCell,
  round,
  runLoad,
} from '../lib/stats.js';
import { seedChallengers } from './mfaChallengeSeed.js';

const CLIENTS = [1, 4];
const ROUNDS = 6;
/** The first cases are what the others are compared with. */
const BASELINES = 3;
const WARM_UP_MS = 300;
/** Accounts with TOTP on, each passing one challenge: a TOTP code is accepted once. */
const CHALLENGE_ACCOUNTS = 6_000;
const PASSWORD = 'correct horse battery staple';

async function post(url: string, body: Record<string, string>, status: number) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== status) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** ops/s, not req/s: some cases run in process. Compared with the bare route and with argon2id alone. */
function row(name: string, clients: number, result: LoadResult, bare?: number, argon2?: number): ResultRow {
  const perSecond = rateOf(result);
  return {
    case: name,
    clients,
    'ops/s': round(perSecond, 1),
    ...latencyColumns(result.latenciesMs),
    'ratio vs bare': ratioCell(perSecond, bare),
    'ratio vs argon2': ratioCell(perSecond, argon2),
  };
}

async function run(scenario: ScenarioContext): Promise<ResultRow[]> {
  const app = await startBenchApp(scenario, { logger: benchLogger(), waitTimeoutMs: 600_000 });
  const servers = new BenchServers();
  try {
    await app.engine.start();
    const deps = await app.deps();
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
    await projectAll(app);
    scenario.log(
      `${challengers.length} TOTP accounts seeded in ${round((performance.now() - seeding) / 1000, 1)} s`,
    );
    await app.database.db.raw('analyze');

    const outer = express();
    outer.post('/bench/bare', express.json(), (_req, res) => {
      res.json({ ok: true });
    });
    outer.use(buildApp(deps)); // the same server and HTTP stack for the baseline and the real routes
    const base = await servers.listen(outer);
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
      if (!next) throw new Error('out of challenge accounts: the slice is bounded by those left');
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
      // Interleaved slices: every case sees the same moments of a machine shared with others.
      const results = await interleaved(
        operations.map(([, op]) => (durationMs: number) => {
          // Each challenge spends an account (a TOTP code is good once): a slice stops when none is left.
          const maxOperations = op === challenge ? challengers.length - nextChallenger : undefined;
          return runLoad({ concurrency: clients, durationMs, maxOperations }, op);
        }),
        { warmUpMs: WARM_UP_MS, rounds: ROUNDS, durationMs: scenario.caseDurationMs },
      );
      const [bareRate, argon2Rate] = results.slice(0, 2).map(rateOf);
      operations.forEach(([name], i) => {
        const baselines = i < BASELINES ? [] : [bareRate, argon2Rate];
        rows.push(row(name, clients, results[i]!, ...baselines));
      });
      scenario.log(`${clients} client(s) done`);
    }
    return rows;
  } finally {
    servers.close();
    await app.stop();
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
