import request from 'supertest';
import { expect } from 'vitest';
import { createTestApp, type TestApp, type TestAppOptions, useApp } from './app.js';
import { type User, usersWithTokens } from './relationships.js';

/** A test app with the cast of the relationship tests: alice, bob, carol, dave, and locked, whose account is. */
export interface RelationshipsApp {
  t: TestApp;
  alice: User;
  bob: User;
  carol: User;
  dave: User;
  locked: User;
}

export const bearer = (user: User) => `Bearer ${user.token}`;

/**
 * The test file's set-up: before its tests, makes a RelationshipsApp (with `options`: a clock of its own, …) and
 * hands it to `receive` (which keeps what the file uses); after them, closes it.
 */
export const useRelationshipsApp = (receive: (made: RelationshipsApp) => void, options?: TestAppOptions) =>
  useApp(
    () => createTestApp(options),
    async (t) => {
      const names = ['alice', 'bob', 'carol', 'dave', 'locked'] as const;
      const [alice, bob, carol, dave, locked] = await usersWithTokens(t, names);
      const lock = await request(t.app)
        .patch('/api/v1/accounts/update_credentials')
        .set('Authorization', bearer(locked))
        .send({ locked: true });
      expect(lock.status).toBe(200);
      return { t, alice, bob, carol, dave, locked };
    },
    receive,
  );

/** The requests the relationship tests make, of the app `app()` answers (once the file's beforeAll made it). */
export function relationshipRequests(app: () => TestApp) {
  const post = (user: User, path: string, body: object = {}) =>
    request(app().app).post(path).set('Authorization', bearer(user)).send(body);
  const get = (user: User | null, path: string) => {
    const req = request(app().app).get(path);
    return user ? req.set('Authorization', bearer(user)) : req;
  };
  const act = (user: User, target: User, action: string, body: object = {}) =>
    post(user, `/api/v1/accounts/${target.account.id}/${action}`, body);

  async function relationship(user: User, target: User) {
    const res = await get(user, `/api/v1/accounts/relationships?id=${target.account.id}`);
    expect(res.status).toBe(200);
    return res.body[0];
  }

  return { post, get, act, relationship };
}
