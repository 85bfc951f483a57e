import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { grantAdmin } from '../../src/commands/accounts/index.js';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import { userWithToken } from './accounts.js';
import { createTestApp, FIXTURE_EMOJI, type TestApp, type TestAppOptions } from './app.js';
import { testContext } from './context.js';
import { eventCount } from './eventLog.js';

export interface PackTestApp extends TestApp {
  /** A folder of the test's own; the packs are in `emojiDir` inside it, so writes outside show up here. */
  sandbox: string;
  emojiDir: string;
}

/** A test app whose packs folder is a fresh copy of test/fixtures/emoji (the fixtures stay untouched). */
export async function createPackApp(options: TestAppOptions = {}): Promise<PackTestApp> {
  const sandbox = await mkdtemp(join(tmpdir(), 'annals-packs-'));
  const emojiDir = join(sandbox, 'emoji');
  await mkdir(emojiDir);
  await cp(FIXTURE_EMOJI, emojiDir, { recursive: true });
  const t = await createTestApp({
    ...options,
    deps: { ...options.deps, emoji: await createEmojiRegistry(emojiDir) },
  });
  return {
    ...t,
    sandbox,
    emojiDir,
    async close() {
      await t.close();
      await rm(sandbox, { recursive: true, force: true });
    },
  };
}

/** An admin (the role granted through its command) and a token with `scopes`. */
export async function adminWithToken(t: TestApp, nickname: string, scopes = ['read', 'write', 'admin']) {
  const user = await userWithToken(t, nickname, scopes);
  await grantAdmin(t.deps, user.account.id, testContext());
  return user;
}

/** Every file and folder under `dir` with its bytes' length and content: a picture to compare. */
export async function tree(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir, { recursive: true })).map(String).sort();
  const entries = await Promise.all(
    names.map(
      async (name) => [name, await readFile(join(dir, name), 'base64').catch(() => '<dir>')] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/** Runs `act` and checks that neither the log nor any file in the sandbox changed. */
export async function changesNothing(t: PackTestApp, act: () => Promise<unknown>): Promise<void> {
  const [events, files] = [await eventCount(t), await tree(t.sandbox)];
  await act();
  expect(await tree(t.sandbox)).toEqual(files);
  expect(await eventCount(t)).toBe(events);
}

/** The events of a pack's stream: type, data and who did it. */
export async function packHistory(t: TestApp, pack: string) {
  const events = await t.deps.eventStore.readStream(`emoji-pack-${pack}`).catch(() => []);
  return events.map((event) => ({ type: event.type, data: event.data, actor: event.metadata.actor }));
}
