import { FetchError, safeFetch } from './safeFetch.js';

/** What Annals asks of other servers' WebFinger: the remote interaction of §1.11. */
export interface WebFinger {
  /** The account's subscribe template (OStatus's rel), or null: no such account, no template, or no answer. */
  subscribeTemplate(account: string): Promise<string | null>;
}

export interface WebFingerOptions {
  /** ALLOW_LOCAL_FETCH (see safeFetch). */
  allowLocal: boolean;
  /** `https`, as Pleroma asks; `http` for tests' loopback servers. */
  scheme?: 'https' | 'http';
}

const SUBSCRIBE_REL = 'http://ostatus.org/schema/1.0/subscribe';
const MAX_BYTES = 256 * 1024;
const TIMEOUT_MS = 10_000;

/**
 * The WebFinger address of an account as Pleroma's WebFinger.finger finds it: leading `@`s dropped, the host
 * after the `@` of `name@host` (or the host of a URL, asked about by itself). Null when there is no host.
 */
export function webFingerAddress(raw: string, scheme: 'https' | 'http'): string | null {
  const account = raw.replace(/^@+/, '');
  const parts = account.split('@');
  let host: string | undefined;
  let resource = `acct:${account}`;
  if (parts.length === 2) host = parts[1];
  else {
    try {
      host = new URL(account).host;
      resource = account;
    } catch {
      return null;
    }
  }
  if (!host || /[/?#\\\s]/.test(host)) return null;
  return `${scheme}://${host}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`;
}

/** The subscribe template a JRD document links, if any. */
export function subscribeTemplateIn(body: Buffer): string | null {
  let document: unknown;
  try {
    document = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const links = (document as { links?: unknown } | null)?.links;
  if (!Array.isArray(links)) return null;
  const link = links.find(
    (each): each is { template: string } =>
      each?.rel === SUBSCRIBE_REL && typeof (each as { template?: unknown }).template === 'string',
  );
  return link?.template ?? null;
}

/** WebFinger over safeFetch: JRD (JSON) answers, what Pleroma and Mastodon give when asked for it. */
export function createWebFinger(options: WebFingerOptions): WebFinger {
  return {
    async subscribeTemplate(account) {
      const address = webFingerAddress(account, options.scheme ?? 'https');
      if (!address) return null;
      try {
        const response = await safeFetch(address, {
          allowLocal: options.allowLocal,
          maxBytes: MAX_BYTES,
          timeoutMs: TIMEOUT_MS,
          headers: { accept: 'application/jrd+json, application/json' },
        });
        if (response.status < 200 || response.status > 299) return null;
        return subscribeTemplateIn(response.body);
      } catch (error) {
        if (error instanceof FetchError) return null;
        throw error;
      }
    },
  };
}
