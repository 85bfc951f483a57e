import type { Express } from 'express';
import type request from 'supertest';
import { expect } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp, useApp } from './app.js';

export const expectJson = (res: request.Response) =>
  expect(res.headers['content-type']).toMatch(/^application\/json/);

export interface SmallBodyApp {
  testApp: TestApp;
  /** The real app with a small body limit, so oversized bodies are cheap to send. */
  app: Express;
}

/**
 * The test file's set-up: before its tests, makes a test app and the real app on its deps with a 2 kB
 * body limit, and hands them to `receive`; after them, closes the test app.
 */
export const useSmallBodyApp = (receive: (made: SmallBodyApp) => void) =>
  useApp(
    createTestApp,
    (testApp) => {
      const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', BODY_LIMIT: '2kb' });
      return { testApp, app: buildApp({ ...testApp.deps, config }) };
    },
    receive,
  );
