import type { Server } from 'node:http';
import request from 'supertest';
import { grantAdmin } from '../../../src/commands/accounts/index.js';
import { registerApp } from '../../../src/commands/oauth/index.js';
import { png } from '../../fixtures/media/images.js';
import { userWithToken } from '../accounts.js';
import type { TestApp } from '../app.js';
import { testContext } from '../context.js';
import { upload } from '../media.js';
import { settled } from '../notifications.js';
import { bearer, postAs } from '../statuses.js';

/** The ids and keys the routes' path parameters and plausible values name: things that exist. */
export type Fixtures = {
  sweeperId: string;
  otherId: string;
  statusId: string;
  mediaId: string;
  mediaKey: string;
  conversationId: string;
  notificationId: string;
  clientId: string;
  clientSecret: string;
};

/** The out-of-band redirect URI: the fixtures' app registers it, the OAuth routes are given it. */
export const OOB = 'urn:ietf:wg:oauth:2.0:oob';
const ALL_SCOPES = ['read', 'write', 'follow', 'push', 'admin'];

/**
 * The sweep's users and things: an admin sweeper holding every scope, another user who follows them and
 * writes them a direct status, a throwaway user for each of `ownRoutes`, media, a notification and an app.
 */
export async function sweepFixtures(t: TestApp, server: Server, ownRoutes: readonly string[]) {
  const [sweeper, other] = await Promise.all([
    userWithToken(t, 'hostile_sweeper', ALL_SCOPES),
    userWithToken(t, 'hostile_other', ALL_SCOPES),
  ]);
  await grantAdmin(t.deps, sweeper.account.id, testContext());
  const users = await Promise.all(ownRoutes.map((_, i) => userWithToken(t, `hostile_own${i}`, ALL_SCOPES)));
  const ownTokens = new Map(ownRoutes.map((route, i) => [route, users[i]!.token]));

  const statusId = await postAs(t, other, 'a status to attack');
  await postAs(t, other, '@hostile_sweeper a direct word', 'direct');
  await request(server).post(`/api/v1/accounts/${sweeper.account.id}/follow`).set(bearer(other)).expect(200);
  const media = await upload(t, 'post', '/api/v1/media', sweeper.token, 'file', png(2, 2)).expect(200);
  await settled(t);
  const [conversations, notifications] = await Promise.all([
    request(server).get('/api/v1/conversations').set(bearer(sweeper)).expect(200),
    request(server).get('/api/v1/notifications').set(bearer(sweeper)).expect(200),
  ]);
  const app = await registerApp(
    t.deps,
    { name: 'hostile', website: null, redirectUris: [OOB], scopes: ['read', 'write'] },
    testContext(),
  );
  const fixtures: Fixtures = {
    sweeperId: sweeper.account.id,
    otherId: other.account.id,
    statusId,
    mediaId: media.body.id,
    mediaKey: new URL(media.body.url).pathname.replace(/^\/media\//, ''),
    conversationId: conversations.body[0].id,
    notificationId: notifications.body[0].id,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
  };
  return { fixtures, sweeperToken: sweeper.token, ownTokens };
}
