import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteral, isPublicAddress } from './addresses.js';

/** Why an outbound fetch did not give a body. */
export type FetchFailure =
  | 'bad_url'
  | 'blocked_address'
  | 'too_large'
  | 'timeout'
  | 'too_many_redirects'
  | 'network';

export class FetchError extends Error {
  constructor(
    readonly reason: FetchFailure,
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface SafeFetchOptions {
  /** ALLOW_LOCAL_FETCH: private, loopback and link-local addresses may be reached (tests, closed networks). */
  allowLocal: boolean;
  /** The body is streamed and the request aborted as soon as it passes this many bytes. */
  maxBytes: number;
  /** For the whole exchange, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  /** Tests: which addresses may be reached (default: public ones, or any with allowLocal). */
  allowAddress?: (address: string) => boolean;
  /** Tests: the resolver (default: the system's, every address of the name). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export interface FetchedResponse {
  /** The address finally answered, after redirects. */
  url: string;
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolve = async (hostname: string): Promise<ResolvedAddress[]> =>
  dnsLookup(hostname, { all: true, verbatim: true });

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError('bad_url', raw, `Invalid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad_url', raw, `Only http and https URLs can be fetched: ${raw}`);
  }
  if (url.username || url.password) throw new FetchError('bad_url', raw, `URLs with credentials are refused`);
  return url;
}

const blocked = (url: string) =>
  new FetchError(
    'blocked_address',
    url,
    'Fetching from private, loopback or link-local addresses is not allowed',
  );

/**
 * Resolves the name once, refuses it when *any* address is not allowed (a name may mix a public and a private
 * address), and hands the checked addresses to the socket: the connection goes where the check looked, so a
 * second DNS answer cannot slip a private address in (DNS rebinding).
 */
function checkedLookup(
  url: string,
  allowed: (address: string) => boolean,
  resolve: SafeFetchOptions['resolve'],
) {
  const lookup: LookupFunction = (hostname, options, callback) => {
    (resolve ?? systemResolve)(hostname).then(
      (addresses) => {
        if (addresses.length === 0 || !addresses.every((each) => allowed(each.address))) {
          return callback(blocked(url) as NodeJS.ErrnoException, '', 0);
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = addresses.filter((each) => wanted === 0 || each.family === wanted);
        if (usable.length === 0) return callback(blocked(url) as NodeJS.ErrnoException, '', 0);
        if (options.all) return (callback as (e: null, a: ResolvedAddress[]) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
  return lookup;
}

interface Hop {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function fetchOnce(
  url: URL,
  options: SafeFetchOptions,
  allowed: (a: string) => boolean,
  signal: AbortSignal,
) {
  const literal = ipLiteral(url.hostname);
  // Node connects to an IP literal without calling `lookup`: check it here.
  if (literal !== null && !allowed(literal)) throw blocked(url.href);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Hop>((resolvePromise, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'Annals', accept: '*/*', ...options.headers },
        lookup: checkedLookup(url.href, allowed, options.resolve),
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status)) {
          res.resume();
          return resolvePromise({ status, headers: res.headers, body: Buffer.alloc(0) });
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          res.destroy();
          return reject(new FetchError('too_large', url.href, 'The remote file is too large'));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            res.destroy();
            req.destroy();
            reject(new FetchError('too_large', url.href, 'The remote file is too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolvePromise({ status, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function asFetchError(error: unknown, url: string, signal: AbortSignal): FetchError {
  if (error instanceof FetchError) return error;
  if (signal.aborted) return new FetchError('timeout', url, 'The remote server did not answer in time');
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof FetchError) return cause;
  return new FetchError('network', url, `Could not fetch ${url}`);
}

/**
 * The one way Annals fetches from elsewhere (remote emoji packs, `fallback-src`, emoji file URLs): http(s)
 * only; every address checked before connecting (see isPublicAddress) unless `allowLocal`; the body capped
 * while it streams; one deadline for the whole exchange; at most a few redirects, each checked like the first.
 * Any status is returned; failures are FetchErrors.
 */
export async function safeFetch(raw: string, options: SafeFetchOptions): Promise<FetchedResponse> {
  const allowed = options.allowAddress ?? (options.allowLocal ? () => true : isPublicAddress);
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS);
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let url = parseUrl(raw);
  for (let hop = 0; ; hop++) {
    let response: Hop;
    try {
      response = await fetchOnce(url, options, allowed, signal);
    } catch (error) {
      throw asFetchError(error, url.href, signal);
    }
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || !location) return { url: url.href, ...response };
    if (hop >= maxRedirects) throw new FetchError('too_many_redirects', url.href, 'Too many redirects');
    url = parseUrl(new URL(location, url).href);
  }
}
