import express, { type Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/api/app.js';
import { bodyParsers } from '../../src/api/http/bodyParsers.js';
import { errorHandler, notFoundHandler } from '../../src/api/http/errors.js';
import { validate } from '../../src/api/http/validate.js';
import { loadConfig } from '../../src/config.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';

let testApp: TestApp;
/** The real app with a small body limit, so oversized bodies are cheap to send. */
let app: Express;

beforeAll(async () => {
  testApp = await createTestApp();
  app = buildApp({
    ...testApp.deps,
    config: loadConfig({ ...process.env, LOG_LEVEL: 'silent', BODY_LIMIT: '2kb' }),
  });
});

afterAll(async () => {
  await testApp.close();
});

/**
 * A test-only endpoint assembled from the app's own HTTP pieces (body parsers, validate, error handler), so
 * the rules every real endpoint relies on are checked once, independently of any one area.
 */
function echoApp(): Express {
  const schema = z.object({
    name: z.string(),
    count: z.coerce.number().int(),
    sensitive: z.enum(['true', 'false']).optional(),
    tags: z.array(z.string()).optional(),
  });
  const echo = express();
  echo.set('query parser', 'extended'); // as buildApp does
  echo.use(bodyParsers('2kb'));
  echo.post('/echo', (req, res) => {
    res.json(validate(schema, req));
  });
  echo.get('/boom', () => {
    throw new Error('a bug');
  });
  echo.use(notFoundHandler);
  echo.use(errorHandler(pino({ level: 'silent' })));
  return echo;
}

const expectJson = (res: request.Response) =>
  expect(res.headers['content-type']).toMatch(/^application\/json/);

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

describe('unknown routes', () => {
  it('answers 404 JSON for a path nobody serves', async () => {
    const res = await request(app).get('/no/such/thing').expect(404);
    expectJson(res);
    expect(res.body).toEqual({ error: 'Not found' });
  });

  it('answers 404 JSON for an unknown method on a known path', async () => {
    const res = await request(app).delete('/api/v1/instance').expect(404);
    expectJson(res);
  });

  it.each(['/api/pleroma/unknown', '/api/v1/pleroma/unknown'])(
    'answers %s with Pleroma\'s 404 {"error":"Not implemented"}',
    async (path) => {
      const res = await request(app).get(path).expect(404);
      expectJson(res);
      expect(res.body).toEqual({ error: 'Not implemented' });
    },
  );
});

describe('parameters from every encoding', () => {
  const echo = echoApp();
  const expected = { name: 'annals', count: 3, sensitive: 'true', tags: ['a', 'b'] };

  it('parses a JSON body', async () => {
    const res = await request(echo)
      .post('/echo')
      .send({ name: 'annals', count: 3, sensitive: 'true', tags: ['a', 'b'] })
      .expect(200);
    expect(res.body).toEqual(expected);
  });

  it('parses an urlencoded body the same way, arrays included', async () => {
    const res = await request(echo)
      .post('/echo')
      .type('form')
      .send('name=annals&count=3&sensitive=true&tags[]=a&tags[]=b')
      .expect(200);
    expect(res.body).toEqual(expected);
  });

  it('parses a multipart body the same way, arrays included', async () => {
    const res = await request(echo)
      .post('/echo')
      .field('name', 'annals')
      .field('count', '3')
      .field('sensitive', 'true')
      .field('tags[]', 'a')
      .field('tags[]', 'b')
      .expect(200);
    expect(res.body).toEqual(expected);
  });

  it('takes parameters from the query string as well', async () => {
    const res = await request(echo)
      .post('/echo?name=annals&count=3&sensitive=true&tags[]=a&tags[]=b')
      .expect(200);
    expect(res.body).toEqual(expected);
  });
});

describe('a real endpoint (POST /api/v1/apps)', () => {
  it('answers a missing field with 400 in the Pleroma shape and appends nothing', async () => {
    await appendsNothing(testApp, async () => {
      const res = await request(app)
        .post('/api/v1/apps')
        .send({ redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' });
      expect(res.status).toBe(400);
      expectJson(res);
      expect(res.body.error).toBe('Missing field: client_name.');
      expect(res.body.errors[0]).toMatchObject({
        title: 'Invalid value',
        source: { pointer: '/client_name' },
      });
    });
  });

  it('answers a value of the wrong type with 400 naming it, and appends nothing', async () => {
    await appendsNothing(testApp, async () => {
      const res = await request(app)
        .post('/api/v1/apps')
        .send({ client_name: 42, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('client_name - Invalid string. Got: 42.');
    });
  });

  it('answers malformed JSON with 400 and appends nothing', async () => {
    await appendsNothing(testApp, async () => {
      await request(app)
        .post('/api/v1/apps')
        .set('Content-Type', 'application/json')
        .send('{"client_name"')
        .expect(400);
    });
  });

  it('registers the same app from JSON, urlencoded and multipart bodies', async () => {
    const fields = {
      client_name: 'encodings',
      redirect_uris: 'urn:ietf:wg:oauth:2.0:oob',
      scopes: 'read write',
    };
    const json = await request(app).post('/api/v1/apps').send(fields).expect(200);
    const form = await request(app).post('/api/v1/apps').type('form').send(fields).expect(200);
    const multipart = await request(app)
      .post('/api/v1/apps')
      .field('client_name', fields.client_name)
      .field('redirect_uris', fields.redirect_uris)
      .field('scopes', fields.scopes)
      .expect(200);
    const shape = ({ id, client_id, client_secret, vapid_key, ...rest }: Record<string, unknown>) => rest;
    expect(shape(form.body)).toEqual(shape(json.body));
    expect(shape(multipart.body)).toEqual(shape(json.body));
    expect(json.body).toMatchObject({ name: 'encodings', redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' });
  });
});

describe('validation errors in the Pleroma shape', () => {
  const echo = echoApp();

  it('names a missing field', async () => {
    const res = await request(echo).post('/echo').send({ count: 1 }).expect(400);
    expectJson(res);
    expect(res.body).toEqual({
      error: 'Missing field: name.',
      errors: [{ title: 'Invalid value', source: { pointer: '/name' }, message: 'Missing field: name.' }],
    });
  });

  it('names a value of the wrong type and shows it', async () => {
    const res = await request(echo).post('/echo').send({ name: 'x', count: 'abc' }).expect(400);
    expect(res.body.error).toBe('count - Invalid number. Got: "abc".');
  });

  it('shows at most 4,096 characters of the value, as Elixir inspect does', async () => {
    const long = 'x'.repeat(5000);
    const res = await request(echo).post(`/echo?count=${long}`).send({ name: 'x' }).expect(400);
    expect(res.body.error).toBe(`count - Invalid number. Got: "${long.slice(0, 4095)}....`);
  });

  it('joins several messages with a space', async () => {
    const res = await request(echo).post('/echo').type('form').send('count=abc').expect(400);
    expect(res.body.error).toBe('Missing field: name. count - Invalid number. Got: "abc".');
    expect(res.body.errors).toHaveLength(2);
  });

  it('treats a JSON array body as no parameters at all', async () => {
    const res = await request(echo)
      .post('/echo')
      .send([{ name: 'x', count: 1 }])
      .expect(400);
    expect(res.body.error).toContain('Missing field: name.');
  });

  it('answers an unexpected error with a bare JSON 500 and no stack', async () => {
    const res = await request(echo).get('/boom').expect(500);
    expectJson(res);
    expect(res.body).toBe('Something went wrong');
    expect(res.text).not.toContain('a bug');
  });
});
