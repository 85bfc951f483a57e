import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipLiteral, isPublicAddress } from '../../src/net/addresses.js';
import { FetchError, type SafeFetchOptions, safeFetch } from '../../src/net/safeFetch.js';

describe('which addresses an outbound fetch may reach', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '192.0.2.1',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'fec0::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    'ff02::1',
    'localhost',
    'not an address',
  ])('%s is refused', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '2606:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('tells IP literals of a URL host from names', () => {
    expect(ipLiteral('[::1]')).toBe('::1');
    expect(ipLiteral('127.0.0.1')).toBe('127.0.0.1');
    expect(ipLiteral('example.org')).toBeNull();
  });
});

const refusal = async (url: string, options: Partial<SafeFetchOptions> = {}) => {
  const error = await safeFetch(url, { allowLocal: false, maxBytes: 1000, ...options }).catch((e) => e);
  expect(error).toBeInstanceOf(FetchError);
  return (error as FetchError).reason;
};

describe('safeFetch refuses before connecting', () => {
  it.each([
    'http://127.0.0.1:1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[fe80::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://10.0.0.1/',
    'https://192.168.0.1/',
    'http://localhost:1/',
  ])('%s (private, loopback or link-local, however written)', async (url) => {
    expect(await refusal(url)).toBe('blocked_address');
  });

  it('a name with one public and one private address', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    expect(await refusal('http://mixed.example/', { resolve })).toBe('blocked_address');
  });

  it('a name resolving to an IPv4-mapped loopback', async () => {
    const resolve = async () => [{ address: '::ffff:127.0.0.1', family: 6 }];
    expect(await refusal('http://mapped.example/', { resolve })).toBe('blocked_address');
  });

  it.each(['ftp://example.org/x', 'file:///etc/passwd', 'not a url', 'http://user:secret@example.org/'])(
    '%s (not an http(s) URL to fetch)',
    async (url) => {
      expect(await refusal(url)).toBe('bad_url');
    },
  );
});

describe('safeFetch against a local server', () => {
  let server: Server;
  let base: string;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const hops = Number(url.searchParams.get('hops') ?? 0);
      if (url.pathname === '/ok') return void res.end('hello');
      if (url.pathname === '/hop')
        return void res.writeHead(302, { location: hops > 0 ? `/hop?hops=${hops - 1}` : '/ok' }).end();
      if (url.pathname === '/away')
        return void res.writeHead(301, { location: url.searchParams.get('to')! }).end();
      if (url.pathname === '/declared')
        return void res.writeHead(200, { 'content-length': 2000 }).end('x'.repeat(2000));
      if (url.pathname === '/stream') {
        res.writeHead(200); // chunked: no length to check up front
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        return void res.end();
      }
      if (url.pathname === '/silent') return; // never answers
      res.writeHead(404).end('{"error":"Not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const local: SafeFetchOptions = { allowLocal: true, maxBytes: 5000 };

  it('gives the status and body when local addresses are allowed', async () => {
    const response = await safeFetch(`${base}/ok`, local);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('hello');
    expect((await safeFetch(`${base}/nothing`, local)).status).toBe(404);
  });

  it('connects to the address it checked (no second DNS answer)', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const response = await safeFetch(`http://pinned.test:${port}/ok`, { ...local, resolve });
    expect(response.body.toString()).toBe('hello');
  });

  it('refuses a body declared larger than the cap, and one that grows past it while streaming', async () => {
    expect(await refusal(`${base}/declared`, { ...local, maxBytes: 1000 })).toBe('too_large');
    expect(await refusal(`${base}/stream`, { ...local, maxBytes: 5000 })).toBe('too_large');
    expect((await safeFetch(`${base}/stream`, { ...local, maxBytes: 10_000 })).body).toHaveLength(10_000);
  });

  it('gives up on a server that does not answer in time', async () => {
    expect(await refusal(`${base}/silent`, { ...local, timeoutMs: 200 })).toBe('timeout');
  });

  it('follows up to three redirects, not more', async () => {
    const followed = await safeFetch(`${base}/hop?hops=2`, local);
    expect(followed.body.toString()).toBe('hello');
    expect(followed.url).toBe(`${base}/ok`);
    expect(await refusal(`${base}/hop?hops=3`, local)).toBe('too_many_redirects');
  });

  it('checks every redirect like the first request', async () => {
    const onlyThisHost = { ...local, allowAddress: (address: string) => address === '127.0.0.1' };
    expect((await safeFetch(`${base}/ok`, onlyThisHost)).status).toBe(200);
    const elsewhere = encodeURIComponent(`http://127.0.0.2:${port}/ok`);
    expect(await refusal(`${base}/away?to=${elsewhere}`, onlyThisHost)).toBe('blocked_address');
    const ipv6 = encodeURIComponent(`http://[::1]:${port}/ok`);
    expect(await refusal(`${base}/away?to=${ipv6}`, onlyThisHost)).toBe('blocked_address');
    expect(await refusal(`${base}/away?to=${encodeURIComponent('file:///etc/passwd')}`, local)).toBe(
      'bad_url',
    );
  });
});
