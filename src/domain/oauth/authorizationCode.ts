import type { Decider } from '../shared/decider.js';
import { assertNever, DomainError } from '../shared/errors.js';
import type { AuthorizationCodeCommand } from './commands.js';
import type { AuthorizationCodeEvent } from './events.js';

export type AuthorizationCodeState =
  | { status: 'none' }
  | { status: 'issued'; codeHash: string; expiresAt: string }
  | { status: 'redeemed'; codeHash: string };

/** The token endpoint answers every refusal the same way; the code says why, for logs and tests. */
export const invalidCode = (why: string) =>
  new DomainError('invalid_grant', `Authorization code ${why}`, 400);

/** An authorization code is single-use and short-lived. */
export const authorizationCodeDecider: Decider<
  AuthorizationCodeCommand,
  AuthorizationCodeEvent,
  AuthorizationCodeState
> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    switch (event.type) {
      case 'AuthorizationCodeIssued':
        return { status: 'issued', codeHash: event.data.codeHash, expiresAt: event.data.expiresAt };
      case 'AuthorizationCodeRedeemed':
        return state.status === 'none' ? state : { status: 'redeemed', codeHash: state.codeHash };
      default:
        return assertNever(event);
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueAuthorizationCode':
        if (state.status !== 'none') {
          if (state.codeHash === command.data.codeHash) return [];
          throw new DomainError('code_exists', 'Authorization code already issued', 409);
        }
        return [{ type: 'AuthorizationCodeIssued', data: command.data }];
      case 'RedeemAuthorizationCode':
        if (state.status === 'none') throw invalidCode('is unknown');
        if (state.status === 'redeemed') throw invalidCode('was already used');
        if (new Date(state.expiresAt) <= command.data.now) throw invalidCode('has expired');
        return [{ type: 'AuthorizationCodeRedeemed', data: { codeId: command.data.codeId } }];
      default:
        return assertNever(command);
    }
  },
};
