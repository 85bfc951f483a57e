import type { Decider } from '../shared/decider.js';
import type { RelationshipCommand } from './commands.js';
import { decideRelationship } from './decide.js';
import type { RelationshipEvent } from './events.js';
import { evolveRelationship, initialRelationshipState, type RelationshipState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/** Two accounts' relationship, both directions, stream `relationship-<low id>-<high id>` (relationshipStream). */
export const relationshipDecider: Decider<RelationshipCommand, RelationshipEvent, RelationshipState> = {
  initialState: initialRelationshipState,
  evolve: evolveRelationship,
  decide: decideRelationship,
};
