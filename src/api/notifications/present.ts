import type { NotificationRecord } from '../../projections/notifications/queries.js';
import { activeAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import type { Notification } from '../entities/notification.js';
import { presentStatusesWithAccounts } from '../statuses/gather.js';
import { needs, renderNotification } from '../views/notification.js';

type Deps = Pick<AppDeps, 'config' | 'db'>;

/**
 * Renders notifications for their owner: the statuses, then their authors with the actors and move targets
 * in one account gather, then the pure renderer. A notification whose actor is gone or deactivated, or whose
 * status or target is gone, is left out (Pleroma's for_user_query joins on active actors; its views skip
 * what fails to render).
 */
export async function presentNotifications(
  deps: Deps,
  records: readonly NotificationRecord[],
  viewerId: string,
): Promise<Notification[]> {
  if (records.length === 0) return [];
  const accountIds = records.flatMap((r) =>
    needs(r).target && r.targetId ? [r.actorId, r.targetId] : [r.actorId],
  );
  const statuses = new Map(
    records.flatMap((r) => (needs(r).status && r.status ? [[r.status.id, r.status]] : [])),
  );
  const presented = await presentStatusesWithAccounts(deps, [...statuses.values()], viewerId, {
    alsoAccountIds: accountIds,
  });
  const accounts = activeAccounts(presented.accounts);
  const statusById = new Map(presented.statuses.map((status) => [status.id, status]));
  return records.flatMap((record) => {
    const account = accounts.get(record.actorId);
    if (!account) return [];
    const wanted = needs(record);
    const status = record.statusId ? statusById.get(record.statusId) : undefined;
    const target = record.targetId ? accounts.get(record.targetId) : undefined;
    if ((wanted.status && !status) || (wanted.target && !target)) return [];
    return [renderNotification(record, { account, status, target })];
  });
}
