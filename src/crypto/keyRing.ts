import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { deriveKey, hmacHex, isSealed, open, seal } from './cipher.js';

/**
 * Crypto-shredding (architecture practice 6): every account's personal data is sealed with a data key of
 * its own, kept outside the event log in `account_keys` and itself wrapped with the master key. Destroying
 * the key makes that data unreadable everywhere, the log included, while the history stays auditable.
 */
export interface KeyRing {
  /** Seals with the account's data key, creating the key on first use. Throws once the key is destroyed. */
  encrypt(accountId: string, plaintext: string): Promise<string>;
  /** The plaintext, or null when the account's key is gone (shredded) or never existed. */
  decrypt(accountId: string, value: string): Promise<string | null>;
  /** Forgets the account's key for good; idempotent. */
  destroyKey(accountId: string): Promise<void>;
  /** 'none' when never created: nothing was encrypted for the account. */
  keyStatus(accountId: string): Promise<'active' | 'destroyed' | 'none'>;
  /** Blind index: HMAC-SHA256 of the normalised address, for uniqueness without the address in clear. */
  emailIndex(email: string): string;
}

export const isEncrypted = isSealed;

export interface KeyRingOptions {
  /** Most keys held in memory (least recently used evicted). */
  cacheSize?: number;
  /**
   * How long an unwrapped key is trusted without re-reading its row, so a key destroyed by another process
   * (the CLI) stops working here within this bound. Destruction seen by this process is immediate.
   */
  cacheTtlMs?: number;
  now?: () => number;
}

type CacheEntry = { key: Buffer | null; expires: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createKeyRing(db: Knex, masterKey: Buffer, options: KeyRingOptions = {}): KeyRing {
  if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes');
  const wrapKey = deriveKey(masterKey, 'account-key-wrap');
  const indexKey = deriveKey(masterKey, 'email-index');
  const cacheSize = options.cacheSize ?? 10_000;
  const ttl = options.cacheTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();

  const remember = (accountId: string, key: Buffer | null) => {
    cache.delete(accountId);
    // A destroyed key never comes back, so that answer is cached for good.
    cache.set(accountId, { key, expires: key ? now() + ttl : Number.POSITIVE_INFINITY });
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };

  const cached = (accountId: string): CacheEntry | undefined => {
    const entry = cache.get(accountId);
    if (!entry || entry.expires < now()) return undefined;
    cache.delete(accountId); // re-insert: most recently used last
    cache.set(accountId, entry);
    return entry;
  };

  const wrapContext = (accountId: string) => `account-key:${accountId}`;
  const dataContext = (accountId: string) => `account:${accountId}`;

  async function load(accountId: string): Promise<{ key: Buffer | null; exists: boolean }> {
    const row = await db('account_keys').where({ account_id: accountId }).first('wrapped_key');
    if (!row) return { key: null, exists: false };
    const key = row.wrapped_key ? open(wrapKey, row.wrapped_key, wrapContext(accountId)) : null;
    remember(accountId, key);
    return { key, exists: true };
  }

  async function keyFor(accountId: string): Promise<Buffer | null> {
    const entry = cached(accountId);
    if (entry) return entry.key;
    return (await load(accountId)).key;
  }

  async function createKey(accountId: string): Promise<Buffer> {
    const fresh = randomBytes(32);
    // Two writers racing on a new account both read back the one row that won.
    await db('account_keys')
      .insert({ account_id: accountId, wrapped_key: seal(wrapKey, fresh, wrapContext(accountId)) })
      .onConflict('account_id')
      .ignore();
    const { key } = await load(accountId);
    if (!key) throw new Error(`The key of account ${accountId} was destroyed`);
    return key;
  }

  return {
    async encrypt(accountId, plaintext) {
      let key = cached(accountId)?.key;
      if (key === null) throw new Error(`The key of account ${accountId} was destroyed`);
      key ??= (await keyFor(accountId)) ?? (await createKey(accountId));
      return seal(key, Buffer.from(plaintext, 'utf8'), dataContext(accountId));
    },

    async decrypt(accountId, value) {
      const key = await keyFor(accountId);
      if (!key) return null;
      return open(key, value, dataContext(accountId)).toString('utf8');
    },

    async destroyKey(accountId) {
      await db('account_keys')
        .insert({ account_id: accountId, wrapped_key: null, destroyed_at: db.fn.now() })
        .onConflict('account_id')
        .merge({ wrapped_key: null, destroyed_at: db.raw('coalesce(account_keys.destroyed_at, now())') });
      remember(accountId, null);
    },

    async keyStatus(accountId) {
      const row = await db('account_keys').where({ account_id: accountId }).first('wrapped_key');
      if (!row) return 'none';
      return row.wrapped_key ? 'active' : 'destroyed';
    },

    emailIndex(email) {
      return hmacHex(indexKey, normaliseEmail(email));
    },
  };
}
