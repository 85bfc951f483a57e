import request from 'supertest';
import type { TestApp } from './app.js';
import { bearer as auth } from './statuses.js';
import { poster, type User } from './statusesApi.js';

export const BLOBFOX = 'http://localhost:4000/emoji/blobs/blobfox.png';

/** The reactions of a status (§9.4), or the path of one emoji's. */
export const path = (id: string, emoji?: string) =>
  `/api/v1/pleroma/statuses/${id}/reactions${emoji === undefined ? '' : `/${encodeURIComponent(emoji)}`}`;

export const names = (body: { name: string }[]) => body.map((r) => r.name);

/** The requests the reaction tests make, of the app `app()` answers (once the file's beforeAll made it). */
export function reactionRequests(app: () => TestApp) {
  const react = (user: User, id: string, emoji: string) =>
    request(app().app).put(path(id, emoji)).set(auth(user));
  const unreact = (user: User, id: string, emoji: string) =>
    request(app().app).delete(path(id, emoji)).set(auth(user));
  const list = (id: string, user?: User, emoji?: string) => {
    const req = request(app().app).get(path(id, emoji));
    return user ? req.set(auth(user)) : req;
  };
  return { post: poster(app), react, unreact, list };
}
