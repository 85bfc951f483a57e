import request from 'supertest';
import type { TestApp } from './app.js';
import { bearer as auth } from './statuses.js';
import { poster, type User } from './statusesApi.js';

export const ids = (body: { id: string }[]) => body.map((s) => s.id);

/** The requests the favourite tests make, of the app `app()` answers (once the file's beforeAll made it). */
export function favouriteRequests(app: () => TestApp) {
  const favourite = (user: User, id: string) =>
    request(app().app).post(`/api/v1/statuses/${id}/favourite`).set(auth(user));
  const unfavourite = (user: User, id: string) =>
    request(app().app).post(`/api/v1/statuses/${id}/unfavourite`).set(auth(user));
  return { post: poster(app), favourite, unfavourite };
}
