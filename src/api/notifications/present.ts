import type { NotificationRecord } from '../../projections/notifications/queries.js';
import { activeAccounts, type PresentDeps } from '../accounts/present.js';
import type { Notification } from '../entities/notification.js';
import { renderGathered, statusExtrasProviders } from '../statuses/gather.js';
import { type Gathered, gather } from '../statuses/gathered.js';
import { needs, renderNotification } from '../views/notification.js';

/**
 * Renders notifications for their owner: the statuses, then their authors with the actors and move targets
 * in one account gather, then the pure renderer. A notification whose actor is gone or deactivated, or whose
 * status or target is gone, is left out (Pleroma's for_user_query joins on active actors; its views skip
 * what fails to render).
 */
export async function presentNotifications(
  deps: PresentDeps,
  records: readonly NotificationRecord[],
  viewerId: string,
): Promise<Notification[]> {
  if (records.length === 0) return [];
  const accountIds = records.flatMap((r) =>
    needs(r).target && r.targetId ? [r.actorId, r.targetId] : [r.actorId],
  );
  const gathered = await gather(deps.db, statusesOf(records), viewerId, statusExtrasProviders, accountIds);
  return renderNotifications(deps, records, gathered, viewerId);
}

const statusesOf = (records: readonly NotificationRecord[]) => [
  ...new Map(records.flatMap((r) => (needs(r).status && r.status ? [[r.status.id, r.status]] : []))).values(),
];

/** Notifications rendered from what was gathered for their statuses, actors and targets (gathered.ts). */
export async function renderNotifications(
  deps: PresentDeps,
  records: readonly NotificationRecord[],
  gathered: Gathered,
  viewerId: string,
): Promise<Notification[]> {
  const presented = await renderGathered(deps, statusesOf(records), gathered, viewerId);
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
