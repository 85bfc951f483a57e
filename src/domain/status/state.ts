import { assertNever } from '../shared/errors.js';
import type { IdempotencyKeyReserved, StatusEvent, Visibility } from './events.js';

export type StatusState =
  | { status: 'none' }
  | { status: 'posted'; id: string; accountId: string; visibility: Visibility }
  | { status: 'deleted'; id: string; accountId: string };

export const initialStatusState: StatusState = { status: 'none' };

export function evolveStatus(_state: StatusState, event: StatusEvent): StatusState {
  switch (event.type) {
    case 'StatusPosted': {
      const { statusId, accountId, visibility } = event.data;
      return { status: 'posted', id: statusId, accountId, visibility };
    }
    case 'StatusDeleted':
      return { status: 'deleted', id: event.data.statusId, accountId: event.data.accountId };
    default:
      return assertNever(event);
  }
}

export type IdempotencyState = { status: 'free' } | { status: 'held'; statusId: string };

export function evolveIdempotency(_state: IdempotencyState, event: IdempotencyKeyReserved): IdempotencyState {
  return { status: 'held', statusId: event.data.statusId };
}
