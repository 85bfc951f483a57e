import { generate } from 'otplib';
import type request from 'supertest';
import { expect } from 'vitest';

type Http = ReturnType<typeof request>;

export const REDIRECT = 'https://client.example/callback';
export const OOB = 'urn:ietf:wg:oauth:2.0:oob';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

/** A test-controlled clock: the app's `deps.clock`, moved forward by `advance`. */
export function testClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (seconds: number) => {
      offsetMs += seconds * 1000;
    },
  };
}

/** The TOTP code `steps` periods from `now`, as an authenticator app would show it. */
export function totpCode(secret: string, now: Date, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) + steps * 30 });
}

/** Sets TOTP up and confirms it through the API; returns the secret. */
export async function enableTotp(http: Http, token: string, password: string, now: () => Date) {
  const setup = await http
    .get('/api/pleroma/accounts/mfa/setup/totp')
    .set({ Authorization: `Bearer ${token}` })
    .expect(200);
  const secret: string = setup.body.key;
  await http
    .post('/api/pleroma/accounts/mfa/confirm/totp')
    .set({ Authorization: `Bearer ${token}` })
    .send({ password, code: await totpCode(secret, now()) })
    .expect(200, {});
  return secret;
}

export interface ClientApp {
  id: string;
  client_id: string;
  client_secret: string;
}

/** An app registered through the API, with the browser redirect and the out-of-band one. */
export async function createClientApp(http: Http, scopes = 'read write follow'): Promise<ClientApp> {
  const res = await http
    .post('/api/v1/apps')
    .send({ client_name: 'MFA client', redirect_uris: `${REDIRECT}\n${OOB}`, scopes })
    .expect(200);
  return res.body;
}

/** The mfa_token hidden in a two-factor form. */
export function formMfaToken(html: string): string {
  const token = /name="mfa\[mfa_token\]" value="([^"]+)"/.exec(html)?.[1];
  expect(token).toBeTruthy();
  return token!;
}
