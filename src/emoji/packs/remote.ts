import { notShareable } from '../../domain/emojiPack/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { FetchError, type FetchedResponse, safeFetch } from '../../net/safeFetch.js';

/** JSON documents from another instance (nodeinfo, pack listings) are small. */
const MAX_JSON_BYTES = 5_000_000;

export interface RemoteOptions {
  allowLocal: boolean;
  /** Largest archive to download. */
  maxArchiveBytes: number;
}

/** A failed fetch as the API answers it: the caller's address refused is a 400, the remote's failure a 502. */
export function fetchFailed(error: FetchError): DomainError {
  switch (error.reason) {
    case 'bad_url':
    case 'blocked_address':
      return new DomainError(error.reason, error.message, 400);
    case 'timeout':
      return new DomainError(error.reason, error.message, 504);
    default:
      return new DomainError(error.reason, error.message, 502);
  }
}

const remoteFailed = (url: string, status: number) =>
  new DomainError('remote_failed', `${url} answered ${status}`, 502);

async function fetchOrFail(url: string, options: RemoteOptions, maxBytes: number): Promise<FetchedResponse> {
  try {
    return await safeFetch(url, { allowLocal: options.allowLocal, maxBytes });
  } catch (error) {
    throw error instanceof FetchError ? fetchFailed(error) : error;
  }
}

const parseJson = (response: FetchedResponse): unknown => {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
};

/** GETs JSON; undefined when the answer is not a 2xx JSON document. */
async function getJson(url: string, options: RemoteOptions): Promise<unknown> {
  const response = await fetchOrFail(url, options, MAX_JSON_BYTES);
  return response.status >= 200 && response.status < 300 ? parseJson(response) : undefined;
}

/** `path` on the instance at `base` (Pleroma's URI.merge: the path is replaced). */
export function remoteUrl(base: string, path: string): string {
  try {
    return new URL(path, base.trim()).href;
  } catch {
    throw new DomainError('bad_url', `Invalid URL: ${base}`, 400);
  }
}

/**
 * §7.7: the instance must announce `shareable_emoji_packs` in its nodeinfo (the last link of
 * /.well-known/nodeinfo), else 500 "The requested instance does not support sharing emoji packs".
 */
export async function checkShareable(base: string, options: RemoteOptions): Promise<void> {
  const links = (await getJson(remoteUrl(base, '/.well-known/nodeinfo'), options)) as
    | { links?: { href?: unknown }[] }
    | undefined;
  const href = Array.isArray(links?.links) ? links.links.at(-1)?.href : undefined;
  if (typeof href !== 'string') throw notShareable();
  const nodeinfo = (await getJson(remoteUrl(base, href), options)) as
    | { metadata?: { features?: unknown } }
    | undefined;
  const features = nodeinfo?.metadata?.features;
  if (!Array.isArray(features) || !features.includes('shareable_emoji_packs')) throw notShareable();
}

/** A JSON document of the remote instance; a non-2xx answer or one that is not JSON is a 502. */
export async function remoteJson(url: string, options: RemoteOptions): Promise<unknown> {
  const response = await fetchOrFail(url, options, MAX_JSON_BYTES);
  if (response.status < 200 || response.status >= 300) throw remoteFailed(url, response.status);
  const json = parseJson(response);
  if (json === undefined) throw new DomainError('remote_failed', `${url} did not answer JSON`, 502);
  return json;
}

/** The bytes at `url` (an archive, an emoji image): a 2xx answer up to `maxBytes`. */
export async function remoteBytes(url: string, options: RemoteOptions, maxBytes: number): Promise<Buffer> {
  const response = await fetchOrFail(url, options, maxBytes);
  if (response.status < 200 || response.status >= 300) throw remoteFailed(url, response.status);
  return response.body;
}
