import { assertNever } from '../shared/errors.js';
import type { EndorsementEvent } from './events.js';

/** The accounts endorsed, in the order they were endorsed. */
export interface EndorsementState {
  endorsed: readonly string[];
}

export const initialEndorsementState: EndorsementState = { endorsed: [] };

export function evolveEndorsement(state: EndorsementState, event: EndorsementEvent): EndorsementState {
  const { endorsedId } = event.data;
  const others = state.endorsed.filter((id) => id !== endorsedId);
  switch (event.type) {
    case 'AccountEndorsed':
      return { endorsed: [...others, endorsedId] };
    case 'AccountUnendorsed':
      return { endorsed: others };
    default:
      return assertNever(event);
  }
}
