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
