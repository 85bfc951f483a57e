import { describe, expect, it } from 'vitest';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { testContext } from '../helpers/context.js';
import { basic, bearer } from '../helpers/mfa.js';
import { type OAuthTestApp, PASSWORD, useOAuthApp } from '../helpers/oauthApi.js';

let { testApp, http, createApp, passwordGrant } = {} as OAuthTestApp;
useOAuthApp((made) => ({ testApp, http, createApp, passwordGrant } = made));

describe('refresh, revoke and token management', () => {
  it('rotates the token on refresh: the old access and refresh tokens stop working', async () => {
    const app = await createApp();
    const first = (await passwordGrant(app, 'alice').expect(200)).body;
    const refresh = (refreshToken: string) =>
      http.post('/oauth/token').type('form').send({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: app.client_id,
        client_secret: app.client_secret,
      });
    const second = (await refresh(first.refresh_token).expect(200)).body;
    expect(second).toMatchObject({ id: first.id, scope: first.scope, me: first.me });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    await http.get('/api/oauth_tokens').set(bearer(first.access_token)).expect(403);
    await http.get('/api/oauth_tokens').set(bearer(second.access_token)).expect(200);
    expect((await refresh(first.refresh_token).expect(400)).body).toEqual({ error: 'Invalid credentials' });
    await refresh(second.refresh_token).expect(200);
  });

  it('revokes through POST /oauth/revoke, after which the token fails at once', async () => {
    const app = await createApp();
    const { access_token } = (await passwordGrant(app, 'alice').expect(200)).body;
    // Used first: the server keeps its answer for the next requests (tokenCache.ts) until the revocation.
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(200);
    const res = await http
      .post('/oauth/revoke')
      .type('form')
      .send({ token: access_token, client_id: app.client_id, client_secret: app.client_secret })
      .expect(200);
    expect(res.body).toEqual({});
    const after = await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(403);
    expect(after.body).toEqual({ error: 'Invalid credentials.' });
    // RFC 7009: an unknown token is not an error; a missing one is bad input.
    await http
      .post('/oauth/revoke')
      .send({ token: 'x', client_id: app.client_id, client_secret: 'y' })
      .expect(200);
    await http.post('/oauth/revoke').send({}).expect(400);
  });

  it("does not let one app revoke another app's token", async () => {
    const [mine, theirs] = [await createApp(), await createApp()];
    const { access_token } = (await passwordGrant(mine, 'alice').expect(200)).body;
    await http
      .post('/oauth/revoke')
      .send({ token: access_token, client_id: theirs.client_id, client_secret: theirs.client_secret })
      .expect(200);
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(200);
  });

  it('lists the user’s tokens and deletes one with 201 and an empty body (§11)', async () => {
    const app = await createApp();
    const keep = (await passwordGrant(app, 'alice').expect(200)).body;
    const doomed = (await passwordGrant(app, 'alice').expect(200)).body;
    for (const path of ['/api/oauth_tokens', '/api/oauth_tokens.json']) {
      const list = await http.get(path).set(bearer(keep.access_token)).expect(200);
      expect(list.body).toEqual(
        expect.arrayContaining([
          {
            id: doomed.id,
            app_name: 'Test client',
            valid_until: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/),
            scopes: ['read', 'write', 'follow'],
          },
        ]),
      );
    }
    const res = await http
      .delete(`/api/oauth_tokens/${doomed.id}`)
      .set(bearer(keep.access_token))
      .expect(201);
    expect(res.text).toBe('');
    await http.get('/api/oauth_tokens').set(bearer(doomed.access_token)).expect(403);
    await http.get('/api/oauth_tokens').set(bearer(keep.access_token)).expect(200);
    await http.delete('/api/oauth_tokens/unknown').set(bearer(keep.access_token)).expect(201);
    await http.delete(`/api/oauth_tokens/${keep.id}`).expect(403);
  });
});

describe('other credentials', () => {
  it.each(['alice', 'alice@example.com'])('accepts HTTP Basic with %s', async (user) => {
    await http.get('/api/oauth_tokens').set(basic(user, PASSWORD)).expect(200);
  });

  it('treats a wrong Basic password, an unknown token or garbage as no credentials', async () => {
    for (const headers of [
      basic('alice', 'wrong password'),
      bearer('nope'),
      { Authorization: 'Basic !!!' },
    ]) {
      const res = await http.get('/api/oauth_tokens').set(headers).expect(403);
      expect(res.body).toEqual({ error: 'Invalid credentials.' });
    }
  });

  it('accepts the token as an access_token parameter', async () => {
    const app = await createApp();
    const { access_token } = (await passwordGrant(app, 'alice').expect(200)).body;
    await http.get('/api/oauth_tokens').query({ access_token }).expect(200);
  });

  it('treats the tokens and password of a deactivated user as no credentials', async () => {
    await registerAccount(
      testApp.deps,
      { nickname: 'carol', email: 'carol@example.com', password: PASSWORD, byAdmin: true },
      testContext(),
    );
    const app = await createApp();
    const { access_token } = (await passwordGrant(app, 'carol').expect(200)).body;
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(200);
    await http
      .post('/api/pleroma/disable_account')
      .set(bearer(access_token))
      .send({ password: PASSWORD })
      .expect(200);
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(403);
    await http.get('/api/oauth_tokens').set(basic('carol', PASSWORD)).expect(403);
    const login = await passwordGrant(app, 'carol').expect(403);
    expect(login.body).toEqual({
      error: 'Your account is currently disabled',
      identifier: 'account_is_disabled',
    });
  });

  it('stores only hashes of tokens', async () => {
    const app = await createApp();
    const { id, access_token, refresh_token } = (await passwordGrant(app, 'alice').expect(200)).body;
    const stored = JSON.stringify([
      (await testApp.deps.eventStore.readStream(`oauthToken-${id}`)).map(({ data }) => data),
      await testApp.deps.db('oauth_tokens').where({ token_id: id }),
    ]);
    expect(stored).not.toContain(access_token);
    expect(stored).not.toContain(refresh_token);
  });
});
