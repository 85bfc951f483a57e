import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { detector } from 'megalodon';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/knex.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** The test app behind a real loopback port, with PUBLIC_URL naming that port (nodeinfo links are absolute). */
let server: Server;
let baseUrl: string;
let testApp: TestApp;
let app: Express;

beforeAll(async () => {
  let handler: Express | undefined;
  server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  testApp = await createTestApp({ env: { PUBLIC_URL: baseUrl, INSTANCE_NAME: 'Test Annals' } });
  app = testApp.app;
  handler = app;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testApp.close();
});

describe('GET /api/v1/instance', () => {
  it('renders the Mastodon v1 instance with Pleroma extras and the version clients parse', async () => {
    const res = await request(app).get('/api/v1/instance').expect(200).expect('Content-Type', /json/);
    expect(res.body).toMatchObject({
      uri: new URL(baseUrl).host,
      title: 'Test Annals',
      version: '2.7.2 (compatible; Pleroma 2.7.0+annals-0.1.0)',
      urls: { streaming_api: baseUrl.replace('http', 'ws') },
      stats: { user_count: expect.any(Number), status_count: 0, domain_count: 0 },
      registrations: true,
      approval_required: false,
      invites_enabled: false,
      max_toot_chars: 5000,
      poll_limits: { max_options: 20, max_option_chars: 200, min_expiration: 0, max_expiration: 31_536_000 },
      upload_limit: 16_000_000,
      avatar_upload_limit: 2_000_000,
      background_upload_limit: 4_000_000,
      banner_upload_limit: 4_000_000,
      background_image: `${baseUrl}/images/city.jpg`,
      configuration: {
        statuses: { max_characters: 5000 },
        polls: { max_options: 20, max_characters_per_option: 200 },
      },
      pleroma: {
        metadata: {
          account_activation_required: false,
          federation: { enabled: false },
          fields_limits: { max_fields: 10, max_remote_fields: 20, name_length: 512, value_length: 2048 },
          birthday_required: false,
          birthday_min_age: 0,
        },
        stats: { mau: expect.any(Number) },
        vapid_public_key: null,
      },
    });
    expect(res.body.pleroma.metadata.features).toEqual(
      expect.arrayContaining([
        'pleroma_api',
        'mastodon_api',
        'pleroma_emoji_reactions',
        'pleroma:api/v1/notifications:include_types_filter',
      ]),
    );
    // Only what is rendered: a client offers every format announced.
    expect(res.body.pleroma.metadata.post_formats).toEqual(['text/plain']);
    expect(res.body.languages).toEqual(['en']);
  });

  it('follows CHARACTER_LIMIT, REGISTRATIONS_OPEN and ACCOUNT_ACTIVATION_REQUIRED', async () => {
    const config = loadConfig({
      PUBLIC_URL: baseUrl,
      CHARACTER_LIMIT: '777',
      REGISTRATIONS_OPEN: 'false',
      ACCOUNT_ACTIVATION_REQUIRED: 'true',
    });
    const res = await request(buildApp({ ...testApp.deps, config }))
      .get('/api/v1/instance')
      .expect(200);
    expect(res.body.max_toot_chars).toBe(777);
    expect(res.body.configuration.statuses.max_characters).toBe(777);
    expect(res.body.registrations).toBe(false);
    expect(res.body.pleroma.metadata.account_activation_required).toBe(true);
  });

  it('answers without an ETag, as Pleroma does (express would hash every body for one)', async () => {
    const res = await request(app).get('/api/v1/instance').expect(200);
    expect(res.headers.etag).toBeUndefined();
  });

  it('renders the v2 instance too', async () => {
    const res = await request(app).get('/api/v2/instance').expect(200);
    expect(res.body).toMatchObject({
      domain: new URL(baseUrl).host,
      version: '2.7.2 (compatible; Pleroma 2.7.0+annals-0.1.0)',
      registrations: { enabled: true, approval_required: false },
      configuration: {
        urls: { streaming: baseUrl.replace('http', 'ws') },
        statuses: { max_characters: 5000 },
      },
      pleroma: { metadata: { avatar_upload_limit: 2_000_000 } },
    });
  });
});

describe('nodeinfo', () => {
  it('links the 2.0 and 2.1 documents with absolute URLs from /.well-known/nodeinfo', async () => {
    const res = await request(app).get('/.well-known/nodeinfo').expect(200);
    expect(res.body).toEqual({
      links: [
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${baseUrl}/nodeinfo/2.0.json` },
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${baseUrl}/nodeinfo/2.1.json` },
      ],
    });
  });

  it.each(['2.0', '2.0.json', '2.1', '2.1.json'])('serves /nodeinfo/%s as Pleroma does', async (path) => {
    const res = await request(app).get(`/nodeinfo/${path}`).expect(200);
    const version = path.replace('.json', '');
    expect(res.headers['content-type']).toContain(
      `profile="http://nodeinfo.diaspora.software/ns/schema/${version}#"`,
    );
    expect(res.body).toMatchObject({
      version,
      software: { name: 'pleroma', version: '2.7.0+annals-0.1.0' },
      protocols: ['activitypub'],
      services: { inbound: [], outbound: [] },
      openRegistrations: true,
      usage: {
        users: {
          total: expect.any(Number),
          activeMonth: expect.any(Number),
          activeHalfyear: expect.any(Number),
        },
        localPosts: 0,
      },
      metadata: {
        nodeName: 'Test Annals',
        implementation: { name: 'annals', version: '0.1.0' },
        accountActivationRequired: false,
        federation: { enabled: false },
        features: expect.arrayContaining(['pleroma_api', 'mastodon_api', 'pleroma_emoji_reactions']),
      },
    });
  });

  it('answers an unknown schema version with 404 JSON', async () => {
    const res = await request(app).get('/nodeinfo/1.0').expect(404);
    expect(res.body).toEqual({ error: 'Nodeinfo schema version not handled' });
  });

  it("makes megalodon's detector recognise the server as Pleroma", async () => {
    await expect(detector(baseUrl)).resolves.toBe('pleroma');
  });
});

describe('instance statistics', () => {
  it('counts local accounts from the accounts read model', async () => {
    const before = (await request(app).get('/api/v1/instance').expect(200)).body.stats.user_count;
    await userWithToken(testApp, 'counted');
    await userWithToken(testApp, 'counted_too');
    const instance = await request(app).get('/api/v1/instance').expect(200);
    expect(instance.body.stats.user_count).toBe(before + 2);
    const nodeinfo = await request(app).get('/nodeinfo/2.0.json').expect(200);
    expect(nodeinfo.body.usage.users.total).toBe(before + 2);
  });
});

describe('GET /api/v1/pleroma/healthcheck', () => {
  it('reports the real pool and memory numbers and is healthy', async () => {
    await testApp.deps.db.raw('select 1'); // at least one connection exists in the pool
    const res = await request(app).get('/api/v1/pleroma/healthcheck').expect(200);
    expect(Object.keys(res.body).sort()).toEqual(
      ['active', 'healthy', 'idle', 'job_queue_stats', 'memory_used', 'pool_size'].sort(),
    );
    expect(res.body.pool_size).toBe(10);
    expect(res.body.healthy).toBe(true);
    expect(res.body.active).toBeGreaterThanOrEqual(0);
    expect(res.body.active).toBeLessThan(10);
    expect(res.body.active + res.body.idle).toBeGreaterThanOrEqual(1);
    expect(res.body.active + res.body.idle).toBeLessThanOrEqual(10);
    expect(res.body.memory_used).toBeGreaterThan(1);
    expect(Math.round(res.body.memory_used * 100) / 100).toBe(res.body.memory_used);
    expect(res.body.job_queue_stats).toEqual({});
  });

  it('answers the legacy /api/pleroma/healthcheck path the same way', async () => {
    const res = await request(app).get('/api/pleroma/healthcheck').expect(200);
    expect(res.body).toMatchObject({ healthy: true, pool_size: 10 });
  });

  it('is 503 and unhealthy when every pooled connection is in use', async () => {
    const db = createDb(testApp.database.url, 2);
    const held = [await db.client.acquireConnection(), await db.client.acquireConnection()];
    try {
      const res = await request(buildApp({ ...testApp.deps, db }))
        .get('/api/v1/pleroma/healthcheck')
        .expect(503);
      expect(res.body).toMatchObject({ pool_size: 2, active: 2, idle: 0, healthy: false });
    } finally {
      for (const connection of held) await db.client.releaseConnection(connection);
      await db.destroy();
    }
  });

  it('is 503 "Healthcheck disabled" with HEALTHCHECK=false, on both paths', async () => {
    const config = loadConfig({ PUBLIC_URL: baseUrl, HEALTHCHECK: 'false' });
    const disabled = buildApp({ ...testApp.deps, config });
    for (const path of ['/api/v1/pleroma/healthcheck', '/api/pleroma/healthcheck']) {
      const res = await request(disabled).get(path).expect(503);
      expect(res.body).toEqual({ error: 'Healthcheck disabled' });
    }
  });
});
