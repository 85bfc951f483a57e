import type { Decider } from '../shared/decider.js';
import { assertNever, DomainError } from '../shared/errors.js';
import type { AppCommand } from './commands.js';
import type { AppEvent } from './events.js';

export type AppState = { status: 'none' } | { status: 'registered'; appId: string; clientId: string };

/** A registered client application. Registration is the only thing that happens to one so far. */
export const appDecider: Decider<AppCommand, AppEvent, AppState> = {
  initialState: { status: 'none' },

  evolve(_state, event) {
    switch (event.type) {
      case 'AppRegistered':
        return { status: 'registered', appId: event.data.appId, clientId: event.data.clientId };
      default:
        return assertNever(event.type);
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterApp':
        if (state.status === 'registered') {
          // The same registration retried is a no-op; a different one under the same id is a bug.
          if (state.clientId === command.data.clientId) return [];
          throw new DomainError('app_exists', 'App already registered', 409);
        }
        return [{ type: 'AppRegistered', data: command.data }];
      default:
        return assertNever(command.type);
    }
  },
};
