import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { appendsNothing } from '../helpers/eventLog.js';
import { expectJson, type SmallBodyApp, useSmallBodyApp } from '../helpers/httpApi.js';

let { testApp, app } = {} as SmallBodyApp;
useSmallBodyApp((made) => ({ testApp, app } = made));

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
