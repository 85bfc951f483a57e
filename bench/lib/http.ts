import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { watchDatabaseCpu } from './databaseCpu.js';
import type { ResultRow, ScenarioContext } from './scenario.js';
import { commandContext } from './seed.js';
import {
  cpuPerOperation,
  interleaved,
  type LoadResult,
  latencyColumns,
  rateOf,
  ratioCell,
  round,
  runLoad,
} from './stats.js';

/** Loopback HTTP servers of one scenario, closed together in its `finally`. */
export class BenchServers {
  private readonly servers: Server[] = [];

  /** Listens on an ephemeral loopback port and answers the base URL. */
  async listen(handler: express.Express): Promise<string> {
    const server = handler.listen(0, '127.0.0.1');
    this.servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** The API itself, as the server builds it. */
  startApp(deps: AppDeps): Promise<string> {
    watchDatabaseCpu(deps.db);
    return this.listen(buildApp(deps));
  }

  /**
   * The baseline: a bare express route answering fixed JSON (the API's own sample answer), so the ratio
   * isolates what the API does beyond HTTP and serialising the same body. Answers the route's URL.
   */
  async startBareRoute(method: 'get' | 'put', path: string, json: unknown): Promise<string> {
    const bare = express();
    bare[method](path, (_req, res) => {
      res.json(json);
    });
    return `${await this.listen(bare)}${path}`;
  }

  close(): void {
    for (const server of this.servers) server.close();
  }
}

/** `clients` closed-loop GETs of `url` expecting 200, each body read in full (as a client would). */
export function getLoad(url: string, headers: Record<string, string>, clients: number, durationMs: number) {
  return runLoad({ concurrency: clients, durationMs }, async () => {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    await res.arrayBuffer();
  });
}

/** A bearer token for `accountId` from a fresh OAuth app, as the HTTP headers of a signed-in client. */
export async function bearerHeaders(deps: AppDeps, accountId: string, scopes: string[] = ['read']) {
  const ctx = commandContext(accountId);
  const app = await registerApp(
    deps,
    { name: 'bench', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes },
    ctx,
  );
  const token = await issueToken(deps, {
    accountId,
    appId: app.appId,
    scopes,
    context: { ...ctx, commandId: randomUUID() },
  });
  return { Authorization: `Bearer ${token.accessToken}` };
}

export interface LoadRowOptions {
  clients: number;
  /** Latencies to report when not all of the result's (a subset such as the PUTs alone). */
  latenciesMs?: readonly number[];
  /** The rendered body size; the column is left out when absent. */
  bytes?: number;
  /** The bare route's req/s; the ratio is — for the baseline row itself. */
  baseline?: number;
}

/** One row of an HTTP load table: case, clients, req/s, p50, p99, [body bytes,] ratio vs bare. */
export function loadRow(name: string, result: LoadResult, options: LoadRowOptions): ResultRow {
  const perSecond = rateOf(result);
  return {
    case: name,
    clients: options.clients,
    'req/s': round(perSecond, 0),
    ...latencyColumns(options.latenciesMs ?? result.latenciesMs),
    ...(options.bytes === undefined ? {} : { 'body bytes': options.bytes }),
    'node CPU ms/req': cpuPerOperation(result).process,
    'db CPU ms/req': cpuPerOperation(result).database,
    'machine CPU ms/req': cpuPerOperation(result).machine,
    'ratio vs bare': ratioCell(perSecond, options.baseline),
  };
}

/** How a read endpoint is loaded: client counts, and the warm-up and slices of each. */
export interface ReadLoad {
  clients: readonly number[];
  warmUpMs: number;
  rounds: number;
}

export interface VersusBare {
  /** The measured case's name in the table. */
  name: string;
  /** The API path measured, and the bare route's path. */
  path: string;
  barePath: string;
  headers: Record<string, string>;
  load: ReadLoad;
  /** What the log says about the sample answer (one page, so the table's body bytes are explained). */
  describe(sample: unknown, bytes: number): string;
}

/**
 * The read-endpoint table: serves the API, takes one answer as the bare route's fixed JSON, then at each
 * client count the bare route's row and the measured route's, in interleaved slices so both see the same
 * moments of a shared machine.
 */
export async function getVersusBare(
  servers: BenchServers,
  deps: AppDeps,
  context: ScenarioContext,
  options: VersusBare,
): Promise<ResultRow[]> {
  const { headers, load } = options;
  const url = `${await servers.startApp(deps)}${options.path}`;
  const sample: unknown = await (await fetch(url, { headers })).json();
  const bytes = JSON.stringify(sample).length;
  context.log(options.describe(sample, bytes));
  const bareUrl = await servers.startBareRoute('get', options.barePath, sample);
  const rows: ResultRow[] = [];
  for (const clients of load.clients) {
    const [baseline, measured] = await interleaved(
      [bareUrl, url].map((each) => (ms: number) => getLoad(each, headers, clients, ms)),
      { ...load, durationMs: context.caseDurationMs },
    );
    const common = { clients, bytes };
    rows.push(loadRow('bare express, fixed JSON', baseline!, common));
    rows.push(loadRow(options.name, measured!, { ...common, baseline: rateOf(baseline!) }));
    context.log(`${clients} clients done`);
  }
  return rows;
}
