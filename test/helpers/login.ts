import request from 'supertest';
import { appToken } from './accounts.js';
import type { TestApp } from './app.js';

/** A client app and a password-grant login through it, as a front-end logs in. */
export async function loginClient(t: TestApp) {
  const { app } = await appToken(t);
  return (username: string, password: string) =>
    request(t.app).post('/oauth/token').type('form').send({
      grant_type: 'password',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      username,
      password,
    });
}

/** Runs `act` and checks the log did not grow: refused input appends nothing. */
export async function appendsNothing(t: TestApp, act: () => Promise<unknown>): Promise<void> {
  const before = await t.deps.eventStore.headPosition();
  await act();
  const after = await t.deps.eventStore.headPosition();
  if (after !== before) {
    const added = await t.deps.eventStore.readAll({ after: before });
    throw new Error(`the log grew: ${added.map((event) => `${event.stream} ${event.type}`).join(', ')}`);
  }
}
