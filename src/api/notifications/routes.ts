import { Router } from 'express';
import {
  clearNotifications,
  dismissNotification,
  dismissNotifications,
  readNotification,
  readNotificationsUpTo,
  updateNotificationSettings,
} from '../../commands/notifications/index.js';
import { cannotGet } from '../../domain/notification/index.js';
import { notFound } from '../../domain/shared/errors.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import { findNotification, notificationsPageRead } from '../../projections/notifications/queries.js';
import type { AppDeps } from '../deps.js';
import { authenticated } from '../http/auth.js';
import { commandContext } from '../http/commandContext.js';
import { parsePage, setLinkHeader } from '../http/pagination.js';
import { ValidationError, validate } from '../http/validate.js';
import { statusExtrasProviders } from '../statuses/gather.js';
import { readPageGathered } from '../statuses/gathered.js';
import { presentNotification, renderNotifications } from './present.js';
import {
  destroyMultipleSchema,
  dismissSchema,
  listSchema,
  notificationSettingsSchema,
  readSchema,
} from './schemas.js';

const readNotifications = authenticated({ scopes: ['read:notifications'] });
const writeNotifications = authenticated({ scopes: ['write:notifications'] });

/** Notifications (§4, Mastodon's NotificationController, Pleroma's read and notification_settings). */
export function notificationRoutes(deps: AppDeps): Router {
  const router = Router();

  /**
   * GET /api/v1/notifications — newest first, `types[]`/`exclude_types[]`/`include_types[]`,
   * `exclude_visibilities[]`, `account_id`, Link.
   */
  router.get('/api/v1/notifications', readNotifications, async (req, res) => {
    const accountId = req.auth!.accountId!;
    const params = validate(listSchema, req);
    const page = parsePage(req);
    if (params.account_id !== undefined && !(await findAccountById(deps.db, params.account_id))) {
      throw notFound('Account is not found');
    }
    const filter = {
      types: params.types ?? params.include_types,
      excludeTypes: params.exclude_types,
      actorId: params.account_id,
      withMuted: params.with_muted,
      excludeVisibilities: params.exclude_visibilities,
    };
    const read = notificationsPageRead(accountId, filter, page);
    const { records, gathered } = await readPageGathered(deps.db, read, accountId, statusExtrasProviders);
    setLinkHeader(res, req, deps.config, records);
    res.json(await renderNotifications(deps, records, gathered, accountId));
  });

  /** GET /api/v1/notifications/:id — another's is 403 "Cannot get notification". */
  router.get('/api/v1/notifications/:id', readNotifications, async (req, res) => {
    const accountId = req.auth!.accountId!;
    const record = await findNotification(deps.db, accountId, String(req.params.id));
    const rendered = record && (await presentNotification(deps, record, accountId));
    if (!rendered) throw cannotGet(403);
    res.json(rendered);
  });

  /** POST /api/v1/notifications/clear — all of them; {}. */
  router.post('/api/v1/notifications/clear', writeNotifications, async (req, res) => {
    await clearNotifications(deps, req.auth!.accountId!, commandContext(req, deps));
    res.json({});
  });

  /** POST /api/v1/notifications/dismiss — Mastodon's older form, `id` in the body. */
  router.post('/api/v1/notifications/dismiss', writeNotifications, async (req, res) => {
    const { id } = validate(dismissSchema, req);
    await dismissNotification(deps, req.auth!.accountId!, id, commandContext(req, deps));
    res.json({});
  });

  /** DELETE /api/v1/notifications/destroy_multiple — `ids[]`: the user's among them go; {}. */
  router.delete('/api/v1/notifications/destroy_multiple', writeNotifications, async (req, res) => {
    const { ids } = validate(destroyMultipleSchema, req);
    await dismissNotifications(deps, req.auth!.accountId!, ids, commandContext(req, deps));
    res.json({});
  });

  /** POST /api/v1/notifications/:id/dismiss — another's is 403 "Cannot dismiss notification". */
  router.post('/api/v1/notifications/:id/dismiss', writeNotifications, async (req, res) => {
    await dismissNotification(deps, req.auth!.accountId!, String(req.params.id), commandContext(req, deps));
    res.json({});
  });

  /** POST /api/v1/pleroma/notifications/read — §4.1: `id` or `max_id`, answering "ok"; neither is a 400. */
  router.post('/api/v1/pleroma/notifications/read', writeNotifications, async (req, res) => {
    const { id, max_id: maxId } = validate(readSchema, req);
    const accountId = req.auth!.accountId!;
    const context = commandContext(req, deps);
    if (id !== undefined) await readNotification(deps, accountId, id, context);
    else if (maxId !== undefined) await readNotificationsUpTo(deps, accountId, maxId, context);
    else throw new ValidationError([{ field: 'id', message: 'Missing field: id or max_id.' }]);
    res.json('ok');
  });

  /** PUT /api/pleroma/notification_settings — §1.4, only under /api/pleroma; {"status":"success"}. */
  router.put(
    '/api/pleroma/notification_settings',
    authenticated({ scopes: ['write:accounts'] }),
    async (req, res) => {
      const params = validate(notificationSettingsSchema, req);
      const changes = {
        ...(params.block_from_strangers !== undefined && { blockFromStrangers: params.block_from_strangers }),
        ...(params.hide_notification_contents !== undefined && {
          hideNotificationContents: params.hide_notification_contents,
        }),
      };
      await updateNotificationSettings(deps, req.auth!.accountId!, changes, commandContext(req, deps));
      res.json({ status: 'success' });
    },
  );

  return router;
}
