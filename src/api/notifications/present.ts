import type { NotificationRecord } from '../../projections/notifications/queries.js';
import { activeAccounts, type PresentDeps, type PresentedAccount } from '../accounts/present.js';
import type { Account } from '../entities/account.js';
import type { Notification } from '../entities/notification.js';
import { renderGathered, statusExtrasProviders } from '../statuses/gather.js';
import { type Gathered, gather } from '../statuses/gathered.js';
import { needs, renderNotification } from '../views/notification.js';

/**
 * Renders notifications for their owner, as the list shows them: the statuses, then their authors with the
 * actors and move targets in one account gather, then renderNotifications.
 */
export async function presentNotifications(
  deps: PresentDeps,
  records: readonly NotificationRecord[],
  viewerId: string,
  shown: AccountsShown = activeAccounts,
): Promise<Notification[]> {
  if (records.length === 0) return [];
  const accountIds = records.flatMap((r) =>
    needs(r).target && r.targetId ? [r.actorId, r.targetId] : [r.actorId],
  );
  const gathered = await gather(deps.db, statusesOf(records), viewerId, statusExtrasProviders, accountIds);
  return renderNotifications(deps, records, gathered, viewerId, shown);
}

/**
 * One notification, as `GET /api/v1/notifications/:id` shows it. Pleroma's Notification.get does not ask for an
 * active actor, so a deactivated one's notification is still shown here, while the list leaves it out.
 * Undefined when it cannot be rendered: its actor, status or target is gone.
 */
export async function presentNotification(
  deps: PresentDeps,
  record: NotificationRecord,
  viewerId: string,
): Promise<Notification | undefined> {
  const [rendered] = await presentNotifications(deps, [record], viewerId, everyAccount);
  return rendered;
}

/** Which of the presented accounts a notification may show as its actor or target. */
type AccountsShown = (presented: ReadonlyMap<string, PresentedAccount>) => Map<string, Account>;

const everyAccount: AccountsShown = (presented) =>
  new Map([...presented].map(([id, { account }]) => [id, account] as const));

const statusesOf = (records: readonly NotificationRecord[]) => [
  ...new Map(records.flatMap((r) => (needs(r).status && r.status ? [[r.status.id, r.status]] : []))).values(),
];

/**
 * Notifications rendered for their owner from what was gathered for their statuses, actors and targets
 * (gathered.ts). One whose actor is deactivated (unless `shown` keeps it) or gone, or whose status or target is
 * gone, is left out: Pleroma's for_user_query joins on active actors, and its views skip what fails to render.
 */
export async function renderNotifications(
  deps: PresentDeps,
  records: readonly NotificationRecord[],
  gathered: Gathered,
  viewerId: string,
  shown: AccountsShown = activeAccounts,
): Promise<Notification[]> {
  const presented = await renderGathered(deps, statusesOf(records), gathered, viewerId);
  const accounts = shown(presented.accounts);
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
