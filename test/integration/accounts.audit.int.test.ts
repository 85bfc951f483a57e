import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountHistory, formatHistory } from '../../src/cli/audit.js';
import { grantAdmin, registerAccount, updateProfile } from '../../src/commands/accounts/index.js';
import { handleCommand } from '../../src/commands/handleCommand.js';
import { accountDecider, accountStream } from '../../src/domain/account/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute));

describe('audit history', () => {
  let t: TestApp;
  let aliceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const bob = await registerAccount(t.deps, { nickname: 'bob', password: 'long enough' }, testContext());
    const alice = await registerAccount(
      t.deps,
      { nickname: 'alice', email: 'alice@example.org', password: 'long enough' },
      testContext(null, at(0)),
    );
    aliceId = alice.id;
    await updateProfile(
      t.deps,
      aliceId,
      { displayName: 'Alice', locked: true },
      testContext(aliceId, at(10)),
    );
    await grantAdmin(t.deps, aliceId, testContext(null, at(20)));
    const addAlias = {
      type: 'AddAlias',
      aliasAccountId: bob.id,
      apId: 'http://localhost:4000/users/bob',
    } as const;
    await handleCommand(
      t.deps.eventStore,
      accountStream(aliceId),
      accountDecider,
      addAlias,
      testContext(aliceId, at(30)),
    );
  });
  afterAll(() => t.close());

  it("lists the account's events and claims in log order with secrets redacted", async () => {
    const history = (await accountHistory(t.deps, 'ALICE'))!;
    expect(history.entries.map((e) => [e.type, e.stream.split('-')[0], e.actor])).toEqual([
      ['NicknameReserved', 'nickname', null],
      ['EmailReserved', 'email', null],
      ['AccountRegistered', 'account', null],
      ['ProfileUpdated', 'account', aliceId],
      ['AdminRoleGranted', 'account', null],
      ['AliasAdded', 'account', aliceId],
    ]);
    const registered = history.entries[2]!;
    expect(registered).toMatchObject({ time: at(0).toISOString(), revision: 0 });
    expect(registered.data).toMatchObject({
      nickname: 'alice',
      email: '[redacted]',
      passwordHash: '[redacted]',
    });
    expect(JSON.stringify(history.entries)).not.toContain('alice@example.org');
  });

  it('--as-of keeps the events up to that instant and folds the state as it was', async () => {
    const asOf = at(15);
    const history = (await accountHistory(t.deps, 'alice', asOf))!;
    expect(history.entries.map((e) => e.type).slice(-1)).toEqual(['ProfileUpdated']);
    expect(history.state).toMatchObject({ status: 'registered', admin: false, aliases: [] });
    const text = formatHistory(history, { asOf }).join('\n');
    expect(text).toContain('display name: Alice');
    expect(text).toContain('admin: no');
    expect(text).toContain('locked: yes');
    const json = formatHistory(history, { asOf, json: true }).map((line) => JSON.parse(line));
    for (const line of json)
      expect(Object.keys(line).sort()).toEqual(['actor', 'data', 'revision', 'stream', 'time', 'type']);
    expect(json.at(-1)).toMatchObject({ type: 'AccountState', data: { nickname: 'alice', admin: false } });
  });

  it('shows [shredded] once the key is destroyed, and still the facts', async () => {
    await t.deps.keys.destroyKey(aliceId);
    const history = (await accountHistory(t.deps, 'alice'))!;
    expect(history.entries[2]!.data).toMatchObject({
      nickname: 'alice',
      email: '[shredded]',
      passwordHash: '[shredded]',
    });
    expect(history.state).toMatchObject({
      admin: true,
      aliases: [{ apId: 'http://localhost:4000/users/bob' }],
    });
  });

  it('knows no unknown nickname', async () => {
    expect(await accountHistory(t.deps, 'nobody')).toBeUndefined();
  });

  it('works end to end through the annals command', async () => {
    const run = promisify(execFile);
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const env = {
      ...process.env,
      DATABASE_URL: t.database.url,
      MASTER_KEY: t.deps.config.MASTER_KEY,
      LOG_LEVEL: 'silent',
    };
    const annals = (...args: string[]) => run(process.execPath, [tsx, 'src/cli/main.ts', ...args], { env });
    const created = await annals(
      'user',
      'new',
      'carol',
      'carol@example.org',
      '--password',
      'long enough',
      '--admin',
    );
    expect(created.stdout).toMatch(/^Created carol \(id \d+\), admin\n$/);
    const { stdout } = await annals('audit', 'history', 'carol', '--json');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.type)).toEqual([
      'NicknameReserved',
      'EmailReserved',
      'AccountRegistered',
      'AdminRoleGranted',
    ]);
    expect(lines[2].data).toMatchObject({ email: '[redacted]', confirmed: true });
  }, 60_000);
});
