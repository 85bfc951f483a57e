import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { type Entity, Pleroma } from 'megalodon';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from './app.js';

/** megalodon's `generator('pleroma', url, token)`, which is `new Pleroma(url, token)`. */
export const pleroma = (url: string, token: string | null = null) => new Pleroma(url, token);

/** The test app on a real loopback port, its PUBLIC_URL that address: what third-party clients talk to. */
export async function serveTestApp(): Promise<{ t: TestApp; baseUrl: string; close(): Promise<void> }> {
  let handler: Express | undefined;
  const server: Server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: baseUrl } });
  handler = t.app;
  return {
    t,
    baseUrl,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}

/** Account fields megalodon's Pleroma converter reads that Pleroma itself never renders (§12.1 has none). */
const NOT_RENDERED_BY_PLEROMA = ['noindex', 'suspended', 'limited', 'discoverable'];

/** Every field megalodon parsed is there. */
export function expectComplete(entity: object) {
  const missing = Object.entries(entity).filter(([, value]) => value === undefined);
  expect(missing.map(([key]) => key)).toEqual([]);
}

export function expectCompleteAccount(account: Entity.Account) {
  const missing = Object.entries(account).filter(
    ([key, value]) => value === undefined && !NOT_RENDERED_BY_PLEROMA.includes(key),
  );
  expect(missing.map(([key]) => key)).toEqual([]);
  for (const emoji of account.emojis) expectComplete(emoji);
}

export function expectCompleteStatus(status: Entity.Status) {
  expectComplete(status);
  expectCompleteAccount(status.account);
  for (const reaction of status.emoji_reactions) expectComplete(reaction);
}
