import type { DomainEvent } from '../shared/decider.js';

/**
 * A reaction as stored (§9.2): `emoji` is the Unicode emoji (fully qualified) or a custom emoji's bare
 * shortcode; `url` is null for Unicode and the custom emoji's image URL otherwise. `(emoji, url)` names
 * the reaction: a local `:blob:` and a remote `:blob:` are two. `reactionId` is time-ordered and lets a
 * removal name the reaction it undoes.
 */
export interface ReactionData {
  reactionId: string;
  accountId: string;
  statusId: string;
  emoji: string;
  url: string | null;
}

export type ReactionAdded = DomainEvent<'ReactionAdded', ReactionData>;
export type ReactionRemoved = DomainEvent<'ReactionRemoved', ReactionData>;

export type ReactionEvent = ReactionAdded | ReactionRemoved;

export const reactionEventTypes = [
  'ReactionAdded',
  'ReactionRemoved',
] as const satisfies readonly ReactionEvent['type'][];

/**
 * One stream per (account, status), holding that account's reactions to that status: reacting never
 * conflicts with other accounts reacting to the same status, and a decision reads a handful of events.
 */
export const reactionStream = (accountId: string, statusId: string) => `reaction-${accountId}_${statusId}`;
