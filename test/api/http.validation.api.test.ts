import express, { type Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bodyParsers } from '../../src/api/http/bodyParsers.js';
import { errorHandler, notFoundHandler } from '../../src/api/http/errors.js';
import { validate } from '../../src/api/http/validate.js';
import { expectJson } from '../helpers/httpApi.js';

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
