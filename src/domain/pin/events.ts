import type { DomainEvent } from '../shared/decider.js';

export type StatusPinned = DomainEvent<'StatusPinned', { accountId: string; statusId: string }>;
export type StatusUnpinned = DomainEvent<'StatusUnpinned', { accountId: string; statusId: string }>;

export type PinEvent = StatusPinned | StatusUnpinned;

export const pinEventTypes = [
  'StatusPinned',
  'StatusUnpinned',
] as const satisfies readonly PinEvent['type'][];

/** One stream per account: the statuses it pins on its profile. */
export const pinsStream = (accountId: string) => `pins-${accountId}`;
