import type { Server } from 'node:http';
import request from 'supertest';
import type { Case } from './cases.js';

/** The answer's status, content type and text, whatever it is (no parsing that could throw). */
export async function send(server: Server, method: string, token: string, c: Case) {
  const url = c.query ? `${c.path}?${c.query}` : c.path;
  let req = request(server)
    [method.toLowerCase() as 'get'](url)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });
  if (c.body) req = req.set('Content-Type', c.body.type).send(c.body.data);
  const res = await req;
  return { url, status: res.status, type: String(res.headers['content-type'] ?? ''), text: String(res.body) };
}

/** Routes whose pages are HTML (the browser's OAuth forms); their refusals may be either. */
const HTML = new Set([
  'GET /oauth/authorize',
  'POST /oauth/authorize',
  'GET /oauth/mfa',
  'POST /oauth/mfa/verify',
]);
/** Routes that answer files when they succeed. */
const FILES = new Set(['GET /media/*key', 'GET /api/v1/pleroma/emoji/packs/archive']);
/** Routes that redirect when they succeed. */
const REDIRECTS = new Set([...HTML, 'GET /api/account/confirm_email/:user_id/:token']);

/** The auth pipelines' refusals: the sweep's tokens hold every scope, so one of these means a broken sweep. */
const AUTH_REFUSALS =
  /^(Invalid credentials\.|Insufficient permissions|User is not a staff member|User isn't privileged)/;

/** What is wrong with an answer, if anything. */
export function verdict(route: string, status: number, type: string, text: string): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status >= 300 && status < 400) return REDIRECTS.has(route) ? undefined : `answered ${status}`;
  if (status < 200) return `answered ${status}`;
  if (status === 204) return text === '' ? undefined : 'a 204 with a body';
  if (HTML.has(route) && type.startsWith('text/html')) return undefined;
  if (FILES.has(route) && status < 300) return undefined;
  if (!type.includes('json')) return `not JSON (${type || 'no content type'})`;
  if (text === '') return status === 201 ? undefined : 'an empty JSON answer';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'invalid JSON';
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (status >= 400 && typeof error !== 'string') return 'a 4xx without {"error": "…"}';
  if (status === 403 && AUTH_REFUSALS.test(String(error)))
    return 'refused by authentication: the input never reached the route';
  return undefined;
}
