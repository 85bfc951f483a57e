import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { expect } from 'vitest';
import { issueToken } from '../../src/commands/oauth/index.js';
import { appToken } from './accounts.js';
import type { TestApp } from './app.js';
import { testContext } from './context.js';
import { eventCount } from './eventLog.js';

/** Every file under DATA_DIR/uploads, temporary ones included (`.tmp/…`). */
export async function uploadedFiles(t: TestApp): Promise<string[]> {
  const entries = await readdir(join(t.deps.config.DATA_DIR, 'uploads'), { recursive: true }).catch(() => []);
  return entries
    .map(String)
    .filter((name) => name !== '.tmp')
    .sort();
}

/** Runs `act` and checks that neither the event store nor the uploads folder changed. */
export async function changesNothing(t: TestApp, act: () => Promise<unknown>): Promise<void> {
  const [events, files] = [await eventCount(t), await uploadedFiles(t)];
  await act();
  expect(await eventCount(t)).toBe(events);
  expect(await uploadedFiles(t)).toEqual(files);
}

/** A multipart upload of `bytes` in `field`, under a file name and type the server must not believe. */
export function upload(
  t: TestApp,
  method: 'post' | 'put' | 'patch',
  path: string,
  token: string | null,
  field: string,
  bytes: Buffer,
  options: { filename?: string; contentType?: string; fields?: Record<string, string> } = {},
) {
  const req = request(t.app)[method](path);
  if (token) req.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(options.fields ?? {})) req.field(name, value);
  return req.attach(field, bytes, {
    filename: options.filename ?? 'upload.png',
    contentType: options.contentType ?? 'image/png',
  });
}

/** The path of a media URL on this app (`http://localhost:4000/media/x.png` → `/media/x.png`). */
export const mediaPath = (url: string) => new URL(url).pathname;

/** Another token of an existing account, with `scopes`. */
export async function tokenFor(t: TestApp, accountId: string, scopes: string[]): Promise<string> {
  const { app } = await appToken(t, scopes);
  return (await issueToken(t.deps, { accountId, appId: app.appId, scopes, context: testContext() }))
    .accessToken;
}
