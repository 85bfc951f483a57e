import type { Scenario, ScenarioContext } from '../lib/scenario.js';
import { readNotes, runSeededRead } from '../lib/seededRead.js';
import { OTHERS, PER_ACCOUNT, seedNotifications } from './notificationsSeed.js';

const TARGET_RATIO = 0.4;
const LIST = 'GET /api/v1/notifications';

const run = (context: ScenarioContext) =>
  runSeededRead(context, {
    seed: (app) => seedNotifications(app.eventStore, app.config.PUBLIC_URL, context.log),
    describeSeed: async (app, accountId) => {
      const [counted] = await app.database
        .db('notifications')
        .where({ account_id: accountId })
        .count({ count: '*' });
      return `home user: ${counted?.count} notifications`;
    },
    request: {
      name: LIST,
      path: '/api/v1/notifications',
      barePath: '/notifications',
      describe: (sample, bytes) => {
        const page = sample as { type: string }[];
        const types = [...new Set(page.map((n) => n.type))].join(', ');
        return `notifications: ${page.length} per page (${types}), ${bytes} bytes`;
      },
    },
  });

export const notifications: Scenario = {
  name: 'notifications',
  description:
    `${LIST} (20 notifications, rendered with their accounts and statuses) over HTTP on loopback for a user with ` +
    `${(OTHERS * PER_ACCOUNT).toLocaleString('en')} notifications, beside a bare express route answering the same JSON.`,
  run,
  notes: (rows) => [
    `Seeded through the event store and projected: ${OTHERS.toLocaleString('en')} accounts each follow the home user, ` +
      'mention them 4 times, favourite 3 of their statuses and react to 2 (each account’s ten together, so a page mixes the types).',
    ...readNotes(rows, LIST, { ratio: TARGET_RATIO }),
  ],
};
