import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { send, verdict } from '../helpers/hostileInput/answers.js';
import { casesOf } from '../helpers/hostileInput/cases.js';
import { type Fixtures, sweepFixtures } from '../helpers/hostileInput/fixtures.js';
import { ROUTES } from '../helpers/hostileInput/routes.js';
import { listRoutes } from '../helpers/routes.js';

/**
 * "A 500 is always a bug" (practice 9): every route the app serves gets hostile input from a user holding
 * every scope (and admin), and must answer a 2xx or a Pleroma-shaped 4xx, as JSON. The cases are generated:
 * path parameters of every odd shape, query strings with objects and arrays where scalars belong, and bodies
 * (JSON, urlencoded, multipart) giving each field the route reads a wrong type, the others a plausible value.
 */

let t: TestApp;
let server: Server;
let fixtures: Fixtures;
let sweeperToken: string;
let ownTokens: Map<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ownRoutes = Object.entries(ROUTES)
    .filter(([, spec]) => spec.own)
    .map(([route]) => route);
  ({ fixtures, sweeperToken, ownTokens } = await sweepFixtures(t, server, ownRoutes));
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

describe('the route table', () => {
  it('names every route the app serves, and only those', () => {
    const served = listRoutes(t.app).map(({ method, path }) => `${method} ${path}`);
    const missing = served.filter((route) => !(route in ROUTES));
    const stale = Object.keys(ROUTES).filter((route) => !served.includes(route));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

const rows = Object.entries(ROUTES).map(([route, spec]) => {
  const [method, path] = route.split(' ') as [string, string];
  return { route, method, path, spec };
});

describe.each(rows)('$route', ({ route, method, path, spec }) => {
  it('answers every hostile input with a 2xx or a Pleroma-shaped 4xx, never a 5xx', async () => {
    const token = ownTokens.get(route) ?? sweeperToken;
    const failures: string[] = [];
    for (const c of casesOf(method, path, spec, fixtures)) {
      const res = await send(server, method, token, c);
      const wrong = verdict(route, res.status, res.type, res.text);
      if (wrong)
        failures.push(
          `${method} ${res.url.slice(0, 120)} [${c.input.slice(0, 200)}] → ${wrong}: ${res.text.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
  });
});
