import { assertNever } from '../shared/errors.js';
import type { PinEvent } from './events.js';

/** The statuses pinned, deleted ones included (the read model forgets those). */
export interface PinState {
  pinned: readonly string[];
}

export const initialPinState: PinState = { pinned: [] };

export function evolvePin(state: PinState, event: PinEvent): PinState {
  const others = state.pinned.filter((id) => id !== event.data.statusId);
  switch (event.type) {
    case 'StatusPinned':
      return { pinned: [...others, event.data.statusId] };
    case 'StatusUnpinned':
      return { pinned: others };
    default:
      return assertNever(event);
  }
}
