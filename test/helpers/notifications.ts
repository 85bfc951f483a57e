import request from 'supertest';
import { expect } from 'vitest';
import type { Notification } from '../../src/api/entities/notification.js';
import { NOTIFICATIONS_PROJECTOR } from '../../src/projections/notifications/projector.js';
import type { TestApp } from './app.js';
import { lastPosition, type User } from './relationships.js';

export const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });

/** Waits until the notifications read model has everything stored so far (causes of other areas included). */
export async function settled(t: TestApp): Promise<void> {
  await t.engine.waitFor([NOTIFICATIONS_PROJECTOR], await lastPosition(t));
}

/** The user's notifications (after `settled`), failing the test on anything but 200. */
export async function notificationsOf(t: TestApp, user: User, query = ''): Promise<Notification[]> {
  await settled(t);
  const res = await request(t.app).get(`/api/v1/notifications${query}`).set(as(user));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** [type, actor's acct] of each notification, newest first: the compact form most tests compare. */
export async function summary(t: TestApp, user: User, query = ''): Promise<[string, string][]> {
  return (await notificationsOf(t, user, query)).map((n) => [n.type, n.account.acct]);
}

/** Every key of the Notification entity (§12.4) that all types have. */
export const NOTIFICATION_KEYS = ['account', 'created_at', 'group_key', 'id', 'pleroma', 'type'];
