import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findAccountForLogin,
  registerAccount,
  requirePassword,
  verifyPassword,
} from '../../src/commands/accounts/index.js';
import { emailStream, nicknameStream } from '../../src/domain/account/index.js';
import { DomainError } from '../../src/domain/shared/errors.js';
import { findAccountById } from '../../src/projections/accounts/queries.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { eventCount } from '../helpers/eventLog.js';

describe('account registration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const register = (nickname: string, email: string | null, password = 'correct horse') =>
    registerAccount(t.deps, { nickname, email, password }, testContext());

  it('of ten concurrent registrations of one nickname, exactly one succeeds', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => register(i % 2 ? 'Racer' : 'racer', `racer${i}@example.org`)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(DomainError);
      expect(reason).toMatchObject({ status: 400, message: '{"nickname":["has already been taken"]}' });
    }
    // The losers' addresses were released, so they can be used again.
    const emailOf = (i: number) => `racer${i}@example.org`;
    const winnerIndex = results.findIndex((r) => r.status === 'fulfilled');
    const loserIndex = winnerIndex === 0 ? 1 : 0;
    await expect(register('racer_two', emailOf(loserIndex))).resolves.toMatchObject({
      nickname: 'racer_two',
    });
  });

  it('refuses an address already taken, in any case, and gives the nickname back', async () => {
    await register('first', 'Same@Example.org');
    await expect(register('second', 'same@example.org')).rejects.toMatchObject({
      status: 400,
      message: '{"email":["has already been taken"]}',
    });
    const claims = await t.deps.eventStore.readStream(nicknameStream('second'));
    expect(claims.map((e) => e.type)).toEqual(['NicknameReserved', 'NicknameReleased']);
    await expect(register('second', 'other@example.org')).resolves.toMatchObject({ nickname: 'second' });
  });

  it('keeps secrets out of the log and the read model', async () => {
    const account = await register('secretive', 'secret@example.org', 'hunter2hunter2');
    const events = await t.deps.eventStore.readStream(`account-${account.id}`);
    const raw = JSON.stringify(events.map((e) => e.data));
    expect(raw).not.toContain('secret@example.org');
    expect(raw).not.toContain('argon2');
    expect(account.emailEncrypted).toMatch(/^enc:v1:/);
    expect(await t.deps.keys.decrypt(account.id, account.passwordHashEncrypted!)).toMatch(/^\$argon2id\$/);
    const claim = await t.deps.eventStore.readStream(
      emailStream(t.deps.keys.emailIndex('secret@example.org')),
    );
    expect(claim.map((e) => e.type)).toEqual(['EmailReserved']);
  });

  it('checks passwords and finds accounts for login by nickname or address', async () => {
    const account = await register('loginner', 'login@example.org', 'right password');
    expect(await verifyPassword(t.deps, account.id, 'right password')).toBe(true);
    expect(await verifyPassword(t.deps, account.id, 'wrong password')).toBe(false);
    expect(await verifyPassword(t.deps, 'no-such-account', 'right password')).toBe(false);
    await expect(requirePassword(t.deps, account.id, undefined)).rejects.toMatchObject({
      message: 'Invalid password.',
      status: 200,
    });
    expect((await findAccountForLogin(t.deps, 'LOGINNER', 'right password'))?.id).toBe(account.id);
    expect((await findAccountForLogin(t.deps, 'Login@example.org', 'right password'))?.id).toBe(account.id);
    expect(await findAccountForLogin(t.deps, 'loginner', 'wrong password')).toBeNull();
    expect(await findAccountForLogin(t.deps, 'nobody', 'right password')).toBeNull();
  });

  it('after the key is destroyed the address reads as null and the password no longer matches', async () => {
    const account = await register('forgotten', 'forget@example.org', 'right password');
    await t.deps.keys.destroyKey(account.id);
    const row = (await findAccountById(t.deps.db, account.id))!;
    expect(await t.deps.keys.decrypt(account.id, row.emailEncrypted!)).toBeNull();
    expect(await verifyPassword(t.deps, account.id, 'right password')).toBe(false);
  });

  it.each([
    [{ nickname: 'bad-name' }, '{"nickname":["has invalid format"]}'],
    [{ nickname: 'x'.repeat(31) }, '{"nickname":["should be at most 30 character(s)"]}'],
    [{ email: 'not-an-address' }, '{"email":["has invalid format"]}'],
    [{ password: 'short' }, '{"password":["should be at least 8 character(s)"]}'],
  ])('refuses %j with Pleroma’s changeset error and appends nothing', async (override, message) => {
    const before = await eventCount(t);
    const input = {
      nickname: 'valid_name',
      email: 'valid@example.org',
      password: 'long enough',
      ...override,
    };
    await expect(registerAccount(t.deps, input, testContext())).rejects.toMatchObject({
      status: 400,
      message,
    });
    expect(await eventCount(t)).toBe(before);
  });
});

describe('account registration when closed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { REGISTRATIONS_OPEN: 'false' } });
  });
  afterAll(() => t.close());

  it('is refused, unless an admin creates the account', async () => {
    const input = { nickname: 'closed', email: 'closed@example.org', password: 'long enough' };
    await expect(registerAccount(t.deps, input, testContext())).rejects.toMatchObject({
      status: 403,
      message: 'Registrations are closed',
    });
    await expect(registerAccount(t.deps, { ...input, byAdmin: true }, testContext())).resolves.toMatchObject({
      nickname: 'closed',
      isConfirmed: true,
    });
  });
});
