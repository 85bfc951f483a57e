import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrorsAsJson } from '../../src/api/http/clientErrors.js';

/** What a raw request to the server gets back: status line, content type and body. */
function exchange(port: number, raw: string): Promise<{ status: number; type: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
        type: /content-type: ([^\r\n]*)/i.exec(head)?.[1] ?? '',
        body: JSON.parse(body),
      });
    });
  });
}

describe('requests the HTTP parser refuses before express sees them', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('{}'));
    answerClientErrorsAsJson(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answer a URL past the 16 KB header limit with a JSON 431', async () => {
    const raw = `GET /api/v1/statuses?id[]=${'1'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
    expect(await exchange(port, raw)).toEqual({
      status: 431,
      type: 'application/json; charset=utf-8',
      body: { error: 'Request headers or URL too large' },
    });
  });

  it('answer a request that is not HTTP with a JSON 400', async () => {
    expect(await exchange(port, 'HELLO THERE\r\n\r\n')).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: { error: 'Bad request' },
    });
  });
});
