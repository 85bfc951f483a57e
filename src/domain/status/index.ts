import type { Decider } from '../shared/decider.js';
import type { ReserveIdempotencyKey, StatusCommand } from './commands.js';
import { decideIdempotency, decideStatus } from './decide.js';
import { type IdempotencyKeyReserved, type StatusEvent, upcastStatusEvent } from './events.js';
import {
  evolveIdempotency,
  evolveStatus,
  type IdempotencyState,
  initialStatusState,
  type StatusState,
} from './state.js';

export type * from './commands.js';
export * from './conversation.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';
export * from './visibility.js';

/** The status aggregate, stream `status-<id>`. */
export const statusDecider: Decider<StatusCommand, StatusEvent, StatusState> = {
  initialState: initialStatusState,
  evolve: evolveStatus,
  decide: decideStatus,
  upcast: upcastStatusEvent,
};

/** An Idempotency-Key claim, stream `idempotency-<accountId>-<sha256(key)>`. */
export const idempotencyDecider: Decider<ReserveIdempotencyKey, IdempotencyKeyReserved, IdempotencyState> = {
  initialState: { status: 'free' },
  evolve: evolveIdempotency,
  decide: decideIdempotency,
};
