import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebFinger } from '../../src/net/webFinger.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** §1.11: a remote server's WebFinger, played by a loopback server that knows one account. */

let t: TestApp;
let remote: Server;
let host: string;
let asked: string[];

const SUBSCRIBE = 'http://ostatus.org/schema/1.0/subscribe';

beforeAll(async () => {
  asked = [];
  remote = createServer((req, res) => {
    const url = new URL(req.url!, 'http://remote');
    asked.push(`${url.pathname}?${url.searchParams}`);
    const resource = url.searchParams.get('resource');
    const jrd = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/jrd+json' }).end(JSON.stringify(body));
    if (url.pathname !== '/.well-known/webfinger') return void res.writeHead(404).end();
    if (resource === `acct:fan@${host}`)
      return jrd({
        subject: resource,
        links: [{ rel: SUBSCRIBE, template: `http://${host}/authorize_interaction?uri={uri}` }],
      });
    if (resource === `acct:plain@${host}`)
      return jrd({ subject: resource, links: [{ rel: 'self', href: 'x' }] });
    if (resource === `acct:broken@${host}`) return void res.writeHead(200).end('<not json');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(remote.address() as AddressInfo).port}`;
  t = await createTestApp({ deps: { webFinger: createWebFinger({ allowLocal: true, scheme: 'http' }) } });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => remote?.close(resolve));
});

const interact = (body: Record<string, unknown>, path = '/api/v1/pleroma/remote_interaction') =>
  request(t.app).post(path).send(body);
const AP_ID = 'http://localhost:4000/objects/abc';

describe('POST /api/v1/pleroma/remote_interaction (§1.11)', () => {
  it('answers the subscribe template of the profile, {uri} replaced by ap_id, without authentication', async () => {
    const res = await interact({ ap_id: AP_ID, profile: `fan@${host}` });
    expect([res.status, res.body]).toEqual([
      200,
      { url: `http://${host}/authorize_interaction?uri=${AP_ID}` },
    ]);
    expect(asked.at(-1)).toBe(`/.well-known/webfinger?resource=acct%3Afan%40${encodeURIComponent(host)}`);
    const mention = await interact(
      { ap_id: AP_ID, profile: `@fan@${host}` },
      '/api/pleroma/remote_interaction',
    );
    expect(mention.body).toEqual(res.body);
  });

  it('answers 200 "Couldn’t find user" when the profile has no template, is unknown or answers nonsense', async () => {
    for (const profile of [`plain@${host}`, `nobody@${host}`, `broken@${host}`, 'no-host', 'someone@']) {
      const res = await interact({ ap_id: AP_ID, profile });
      expect([res.status, res.body], profile).toEqual([200, { error: "Couldn't find user" }]);
    }
  });

  it('needs both fields', async () => {
    const withoutApId = await interact({ profile: `fan@${host}` });
    expect([withoutApId.status, withoutApId.body.error]).toEqual([400, 'Missing field: ap_id.']);
    const withoutProfile = await interact({ ap_id: AP_ID });
    expect([withoutProfile.status, withoutProfile.body.error]).toEqual([400, 'Missing field: profile.']);
  });

  it('fetches nothing from a private address unless ALLOW_LOCAL_FETCH', async () => {
    const closed = await createTestApp();
    try {
      const before = asked.length;
      const res = await request(closed.app)
        .post('/api/v1/pleroma/remote_interaction')
        .send({ ap_id: AP_ID, profile: `fan@${host}` });
      expect(res.body).toEqual({ error: "Couldn't find user" });
      expect(asked.length).toBe(before);
    } finally {
      await closed.close();
    }
  });
});
