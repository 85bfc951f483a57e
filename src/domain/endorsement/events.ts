import type { DomainEvent } from '../shared/decider.js';

export type AccountEndorsed = DomainEvent<'AccountEndorsed', { endorserId: string; endorsedId: string }>;
export type AccountUnendorsed = DomainEvent<'AccountUnendorsed', { endorserId: string; endorsedId: string }>;

export type EndorsementEvent = AccountEndorsed | AccountUnendorsed;

export const endorsementEventTypes = [
  'AccountEndorsed',
  'AccountUnendorsed',
] as const satisfies readonly EndorsementEvent['type'][];

/**
 * One stream per endorsing account: the limit counts every account it endorses, so the whole list is decided
 * together (two concurrent endorsements cannot both take the last place).
 */
export const endorsementsStream = (endorserId: string) => `endorsements-${endorserId}`;
