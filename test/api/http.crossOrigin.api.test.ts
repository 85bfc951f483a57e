import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, useApp } from '../helpers/app.js';

/** Browser clients on other origins (Soapbox, a Pleroma-FE elsewhere) call the API as Pleroma's CORS allows. */

let t: TestApp;
useApp(
  createTestApp,
  (app) => app,
  (made) => {
    t = made;
  },
);

const ORIGIN = 'https://client.example';

describe('cross-origin requests', () => {
  it('answer a preflight with 204 and what the client may send, for a day', async () => {
    const res = await request(t.app)
      .options('/api/v1/statuses')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-methods']).toBe('POST,PUT,DELETE,GET,PATCH,OPTIONS');
    expect(res.headers['access-control-allow-headers']).toBe('Authorization,Content-Type,Idempotency-Key');
    expect(res.headers['access-control-max-age']).toBe('86400');
    expect(res.text).toBe('');
  });

  it('let the client read an answer and its Link header', async () => {
    const res = await request(t.app).get('/api/v1/timelines/public').set('Origin', ORIGIN);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-expose-headers']).toBe('Link,Idempotency-Key');
  });

  it('answer any other OPTIONS request with 204 and no body, not a text list of methods', async () => {
    const res = await request(t.app).options('/api/v1/timelines/public');
    expect([res.status, res.text, res.headers['content-type']]).toEqual([204, '', undefined]);
  });
});
