import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { expectJson, type SmallBodyApp, useSmallBodyApp } from '../helpers/httpApi.js';

let { testApp, app } = {} as SmallBodyApp;
useSmallBodyApp((made) => ({ testApp, app } = made));

describe('malformed and oversized bodies', () => {
  it('answers malformed JSON with 400 JSON, whatever the route', async () => {
    for (const path of ['/api/v1/instance', '/api/v1/statuses', '/api/pleroma/aliases']) {
      const res = await request(app).post(path).set('Content-Type', 'application/json').send('{"name": ');
      expect(res.status).toBe(400);
      expectJson(res);
      expect(res.body).toEqual({ error: 'Invalid JSON in request body' });
    }
  });

  it('refuses a JSON scalar at the top level with 400', async () => {
    const res = await request(app)
      .post('/api/v1/apps')
      .set('Content-Type', 'application/json')
      .send('"just a string"');
    expect(res.status).toBe(400);
    expectJson(res);
  });

  it('answers a JSON body over BODY_LIMIT with 413 JSON', async () => {
    const res = await request(app)
      .post('/api/v1/apps')
      .send({ client_name: 'x'.repeat(4096) })
      .expect(413);
    expectJson(res);
    expect(res.body).toEqual({ error: 'Request body too large' });
  });

  it('answers an urlencoded body over BODY_LIMIT with 413 JSON', async () => {
    const res = await request(app)
      .post('/api/v1/apps')
      .type('form')
      .send(`client_name=${'x'.repeat(4096)}`)
      .expect(413);
    expect(res.body).toEqual({ error: 'Request body too large' });
  });

  it('answers a multipart field or file over BODY_LIMIT with 413 JSON', async () => {
    const field = await request(app).post('/api/v1/apps').field('client_name', 'x'.repeat(4096)).expect(413);
    expect(field.body).toEqual({ error: 'Request body too large' });
    // (Upload routes such as /api/v1/media parse their own bodies, bounded by UPLOAD_LIMIT instead.)
    const file = await request(app)
      .post('/api/v1/apps')
      .attach('file', Buffer.alloc(4096, 1), 'big.png')
      .expect(413);
    expect(file.body).toEqual({ error: 'Request body too large' });
  });

  it('answers an empty, truncated or boundless multipart body with 400 JSON, upload routes too (were 500s)', async () => {
    const { token } = await userWithToken(testApp, 'http_multipart');
    const unfinished = '--X\r\nContent-Disposition: form-data; name="client_name"\r\n\r\nunfinished';
    const cases: [string, string, string][] = [
      ['/api/v1/apps', 'multipart/form-data; boundary=X', ''],
      ['/api/v1/apps', 'multipart/form-data; boundary=X', unfinished],
      ['/api/v1/apps', 'multipart/form-data', '--X--\r\n'],
      ['/api/v1/media', 'multipart/form-data; boundary=X', ''],
      ['/api/v1/media', 'multipart/form-data', '--X--\r\n'],
    ];
    for (const [path, type, body] of cases) {
      const res = await request(app)
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', type)
        .send(body);
      expect([path, type, res.status, res.body]).toEqual([
        path,
        type,
        400,
        { error: 'Malformed request body' },
      ]);
    }
  });

  it('answers an unsupported charset with 4xx JSON, never 500', async () => {
    const res = await request(app)
      .post('/api/v1/apps')
      .set('Content-Type', 'application/json; charset=klingon')
      .send('{}');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectJson(res);
  });
});

describe('NUL characters (PostgreSQL text holds none)', () => {
  const refusal = (res: request.Response) => [res.status, res.body.error];

  it('refuses one in the path, the query or a body with 400 naming where, storing nothing (were 500s)', async () => {
    const { token } = await userWithToken(testApp, 'http_nul');
    const auth = { Authorization: `Bearer ${token}` };
    await appendsNothing(testApp, async () => {
      expect(refusal(await request(app).get('/api/v1/accounts/%00').set(auth))).toEqual([
        400,
        'path - Invalid string. Got: "/api/v1/accounts/\\u0000".',
      ]);
      expect(refusal(await request(app).get('/api/v1/accounts/lookup?acct=a%00b'))).toEqual([
        400,
        'acct - Invalid string. Got: "a\\u0000b".',
      ]);
      const json = await request(app).post('/api/v1/statuses').set(auth).send({ status: 'a\u0000b' });
      expect(json.body).toEqual({
        error: 'status - Invalid string. Got: "a\\u0000b".',
        errors: [
          {
            title: 'Invalid value',
            source: { pointer: '/status' },
            message: 'status - Invalid string. Got: "a\\u0000b".',
          },
        ],
      });
      const key = await request(app)
        .post('/api/v1/apps')
        .send({ client_name: 'x', redirect_uris: 'x', 'a\u0000': 1 });
      expect(refusal(key)).toEqual([400, 'Unexpected field: a\\u0000.']);
    });
  });

  it('refuses a lone surrogate (a JSON \\ud800 escape) in a value or a key the same way (were 500s)', async () => {
    const { token } = await userWithToken(testApp, 'http_surrogate');
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    await appendsNothing(testApp, async () => {
      const status = await request(app).post('/api/v1/statuses').set(auth).send('{"status":"x\\ud800"}');
      expect(refusal(status)).toEqual([400, 'status - Invalid string. Got: "x\\ud800".']);
      const marker = await request(app)
        .post('/api/v1/markers')
        .set(auth)
        .send('{"notifications":{"last_read_id":"\\udfff"}}');
      expect(refusal(marker)).toEqual([400, 'notifications.last_read_id - Invalid string. Got: "\\udfff".']);
      const key = await request(app).post('/api/v1/statuses').set(auth).send('{"status":"x","\\ud800":1}');
      expect(refusal(key)).toEqual([400, 'Unexpected field: \\ud800.']);
    });
    const paired = await request(app).post('/api/v1/statuses').set(auth).send('{"status":"\\ud83d\\ude00"}');
    expect([paired.status, paired.body.content]).toEqual([200, '😀']);
  });

  it('refuses one in the bodies upload routes parse themselves: forms, nested keys, multipart fields', async () => {
    const { token } = await userWithToken(testApp, 'http_nul_upload');
    const auth = { Authorization: `Bearer ${token}` };
    await appendsNothing(testApp, async () => {
      const form = await request(app)
        .patch('/api/v1/accounts/update_credentials')
        .set(auth)
        .type('form')
        .send('source[privacy]=a%00');
      expect(refusal(form)).toEqual([400, 'source.privacy - Invalid string. Got: "a\\u0000".']);
      const field = await request(app).post('/api/v1/media').set(auth).field('description', 'a\u0000b');
      expect(refusal(field)).toEqual([400, 'description - Invalid string. Got: "a\\u0000b".']);
    });
  });
});

describe('bodies nested beyond reason', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  // The app of BODY_LIMIT 1mb: 200 KB of brackets.
  it('refuses arrays nested 100,000 deep with 400 (code walking them ran out of stack: 500s)', async () => {
    const { token } = await userWithToken(testApp, 'http_deep');
    const send = (path: string, body: string) =>
      request(testApp.app)
        .patch(path)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(body);
    await appendsNothing(testApp, async () => {
      const settings = await send('/api/v1/pleroma/settings/fe', `{"theme":${nested(100_000)}}`);
      expect([settings.status, settings.body.error]).toEqual([
        400,
        'theme - nests more than 100 levels deep.',
      ]);
      const status = await request(testApp.app)
        .post('/api/v1/statuses')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(`{"status":"x","language":${nested(100_000)}}`);
      expect([status.status, status.body.error]).toEqual([
        400,
        'language - nests more than 100 levels deep.',
      ]);
      // Within the bound, the route's own rules answer.
      const within = await send('/api/v1/pleroma/settings/fe', `{"theme":${nested(50)}}`);
      expect([within.status, within.body.error]).toEqual([400, 'Settings may nest at most 16 levels deep.']);
    });
  });
});
