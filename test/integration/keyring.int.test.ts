import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyRing, isEncrypted } from '../../src/crypto/keyRing.js';
import { loadMasterKey } from '../../src/crypto/masterKey.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

describe('key ring', () => {
  let database: TestDatabase;
  const master = randomBytes(32);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('encrypts into the compact versioned form and decrypts back', async () => {
    const keys = createKeyRing(database.db, master);
    const sealed = await keys.encrypt('1', 'alice@example.org');
    expect(sealed).toMatch(/^enc:v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(isEncrypted(sealed)).toBe(true);
    expect(sealed).not.toContain('alice');
    expect(await keys.decrypt('1', sealed)).toBe('alice@example.org');
    expect(await keys.encrypt('1', 'alice@example.org')).not.toBe(sealed); // fresh IV each time
  });

  it('stores each data key wrapped, never in the clear', async () => {
    const keys = createKeyRing(database.db, master);
    await keys.encrypt('2', 'x');
    const row = await database.db('account_keys').where({ account_id: '2' }).first();
    expect(isEncrypted(row.wrapped_key)).toBe(true);
  });

  it("refuses one account's ciphertext under another account", async () => {
    const keys = createKeyRing(database.db, master);
    const sealed = await keys.encrypt('3', 'secret');
    await keys.encrypt('4', 'other');
    await expect(keys.decrypt('4', sealed)).rejects.toThrow();
  });

  it('shreds: after destroyKey the data decrypts to null, for good', async () => {
    const keys = createKeyRing(database.db, master);
    const sealed = await keys.encrypt('5', 'bob@example.org');
    expect(await keys.keyStatus('5')).toBe('active');
    await keys.destroyKey('5');
    await keys.destroyKey('5'); // idempotent
    expect(await keys.decrypt('5', sealed)).toBeNull();
    expect(await keys.keyStatus('5')).toBe('destroyed');
    await expect(keys.encrypt('5', 'again')).rejects.toThrow(/destroyed/);
    // A fresh process (no cache) agrees.
    const other = createKeyRing(database.db, master);
    expect(await other.decrypt('5', sealed)).toBeNull();
    await expect(other.encrypt('5', 'again')).rejects.toThrow(/destroyed/);
  });

  it('a key destroyed by another process stops working here once the cache entry expires', async () => {
    let now = 0;
    const server = createKeyRing(database.db, master, { cacheTtlMs: 1000, now: () => now });
    const sealed = await server.encrypt('6', 'carol@example.org');
    await createKeyRing(database.db, master).destroyKey('6');
    expect(await server.decrypt('6', sealed)).toBe('carol@example.org');
    now = 2000;
    expect(await server.decrypt('6', sealed)).toBeNull();
  });

  it('answers null for an account that never had a key', async () => {
    const keys = createKeyRing(database.db, master);
    expect(await keys.keyStatus('nobody')).toBe('none');
    expect(await keys.decrypt('nobody', 'enc:v1:AAAA:AAAA:AAAA')).toBeNull();
  });

  it('gives one blind index per address whatever its case and spacing, and none without the master key', () => {
    const keys = createKeyRing(database.db, master);
    expect(keys.emailIndex(' Alice@Example.org ')).toBe(keys.emailIndex('alice@example.org'));
    expect(keys.emailIndex('alice@example.org')).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.emailIndex('alice@example.org')).not.toBe(keys.emailIndex('bob@example.org'));
    expect(createKeyRing(database.db, randomBytes(32)).emailIndex('alice@example.org')).not.toBe(
      keys.emailIndex('alice@example.org'),
    );
  });

  it('two processes creating the same key at once agree on it', async () => {
    const [a, b] = [createKeyRing(database.db, master), createKeyRing(database.db, master)];
    const [fromA, fromB] = await Promise.all([a.encrypt('7', 'one'), b.encrypt('7', 'two')]);
    expect(await b.decrypt('7', fromA)).toBe('one');
    expect(await a.decrypt('7', fromB)).toBe('two');
  });
});

describe('master key', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'annals-key-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('uses MASTER_KEY when configured', async () => {
    const hex = randomBytes(32).toString('hex');
    expect((await loadMasterKey({ MASTER_KEY: hex, DATA_DIR: dir })).toString('hex')).toBe(hex);
  });

  it('generates DATA_DIR/master.key once, readable by the owner only, and reads it thereafter', async () => {
    const first = await loadMasterKey({ DATA_DIR: dir });
    const file = join(dir, 'master.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.toString('hex'));
    expect((await loadMasterKey({ DATA_DIR: dir })).equals(first)).toBe(true);
  });
});
