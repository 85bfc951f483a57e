import { assertNever, DomainError } from '../shared/errors.js';
import type { PinCommand } from './commands.js';
import type { PinEvent } from './events.js';
import type { PinState } from './state.js';

/** Pleroma's StatusController.pin answers. */
export const notOwnStatus = () =>
  new DomainError('ownership_error', "Someone else's status cannot be pinned", 422);
export const notPublicStatus = () =>
  new DomainError('visibility_error', 'Non-public status cannot be pinned', 422);
export const pinsFull = () =>
  new DomainError(
    'pinned_statuses_limit_reached',
    'You have already pinned the maximum number of statuses',
    400,
  );

/**
 * Pleroma's CommonAPI.pin: the status must be the account's own, then public or unlisted; pinning it again
 * changes nothing, and only a new pin is held to the limit (User.add_pinned_object_id). Unpinning what is not
 * pinned changes nothing.
 */
export function decidePin(command: PinCommand, state: PinState): PinEvent[] {
  const data = { accountId: command.accountId, statusId: command.statusId };
  const pinned = state.pinned.includes(command.statusId);
  switch (command.type) {
    case 'PinStatus':
      if (!command.ownStatus) throw notOwnStatus();
      if (!command.publicStatus) throw notPublicStatus();
      if (pinned) return [];
      if (command.pinnedCount >= command.max) throw pinsFull();
      return [{ type: 'StatusPinned', data }];
    case 'UnpinStatus':
      return pinned ? [{ type: 'StatusUnpinned', data }] : [];
    default:
      return assertNever(command);
  }
}
