import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { png } from '../fixtures/media/images.js';
import { adminWithToken, createPackApp, type PackTestApp } from './emojiPacks.js';
import { V1 } from './emojiPacksApi.js';

/**
 * §7.7 and §7.8 between Annals instances on real loopback ports (ALLOW_LOCAL_FETCH on, as only tests
 * and closed networks have it), and a stand-in server for remotes that misbehave.
 */

/** Two small pictures for the files of remote packs. */
export const a = png(2, 2, [1, 2, 3]);
export const b = png(1, 3, [4, 5, 6]);

export interface Instance {
  t: PackTestApp;
  url: string;
  http: ReturnType<typeof request>;
  auth: { Authorization: string };
  adminId: string;
  /** POST …/packs/download on this instance, as its admin. */
  download(body: Record<string, string>): request.Test;
  /** Stops listening and closes the app. */
  close(): Promise<void>;
}

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = async (server: Server) => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
};

/** An Annals instance listening on a loopback port, its PUBLIC_URL that address (nodeinfo links to it). */
export async function instance(nickname: string): Promise<Instance> {
  let app: RequestListener = (_req, res) => res.writeHead(503).end();
  const { server, url } = await listen((req, res) => app(req, res));
  const t = await createPackApp({ env: { PUBLIC_URL: url, ALLOW_LOCAL_FETCH: 'true' } });
  app = t.app as unknown as RequestListener;
  const admin = await adminWithToken(t, nickname);
  const http = request(url);
  const auth = { Authorization: `Bearer ${admin.token}` };
  return {
    t,
    url,
    http,
    auth,
    adminId: admin.account.id,
    download: (body) => http.post(`${V1}/packs/download`).set(auth).send(body),
    async close() {
      await close(server);
      await t.close();
    },
  };
}

/** What the stand-in remote answers: its nodeinfo features, and a pack and its archive once a test sets them. */
export interface FakeAnswers {
  features: string[];
  pack?: unknown;
  archive?: Buffer;
}

/** A stand-in remote: its nodeinfo and pack answers are whatever a test puts in `fake`; its pack list is empty. */
export async function fakeRemote(): Promise<{ fake: FakeAnswers; url: string; close(): Promise<void> }> {
  const fake: FakeAnswers = { features: [] };
  const { server, url } = await listen((req, res) => {
    const path = new URL(req.url!, url).pathname;
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/.well-known/nodeinfo') return json({ links: [{ href: `${url}/nodeinfo/2.1.json` }] });
    if (path === '/nodeinfo/2.1.json') return json({ metadata: { features: fake.features } });
    if (path === `${V1}/pack` && fake.pack) return json(fake.pack);
    // An empty list that shows what it was asked.
    const asked = Object.fromEntries(new URL(req.url!, url).searchParams);
    if (path === `${V1}/packs`) return json({ packs: {}, count: 0, asked });
    if (path === `${V1}/packs/archive` && fake.archive) return void res.writeHead(200).end(fake.archive);
    res.writeHead(404).end('{"error":"Not found"}');
  });
  return { fake, url, close: () => close(server) };
}
