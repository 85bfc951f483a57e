import type { Decider } from '../shared/decider.js';
import { assertNever, DomainError } from '../shared/errors.js';
import type { TokenCommand } from './commands.js';
import type { TokenEvent } from './events.js';

export type TokenState =
  | { status: 'none' }
  | { status: 'active'; tokenHash: string; refreshTokenHash: string }
  | { status: 'revoked' };

export const invalidRefresh = (why: string) => new DomainError('invalid_grant', `Refresh token ${why}`, 400);

/** An access token with its refresh token: issued once, rotated by refreshes, revoked for good. */
export const tokenDecider: Decider<TokenCommand, TokenEvent, TokenState> = {
  initialState: { status: 'none' },

  evolve(_state, event) {
    switch (event.type) {
      case 'TokenIssued':
      case 'TokenRefreshed':
        return {
          status: 'active',
          tokenHash: event.data.tokenHash,
          refreshTokenHash: event.data.refreshTokenHash,
        };
      case 'TokenRevoked':
        return { status: 'revoked' };
      default:
        return assertNever(event);
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueToken': {
        if (state.status !== 'none') {
          if (state.status === 'active' && state.tokenHash === command.data.tokenHash) return [];
          throw new DomainError('token_exists', 'Token already issued', 409);
        }
        const { validUntil, ...data } = command.data;
        return [{ type: 'TokenIssued', data: { ...data, validUntil: validUntil.toISOString() } }];
      }
      case 'RefreshToken': {
        if (state.status === 'none') throw invalidRefresh('is unknown');
        if (state.status === 'revoked') throw invalidRefresh('belongs to a revoked token');
        // A refresh token works once: a second use (or a concurrent one that lost the race) finds it rotated.
        if (state.refreshTokenHash !== command.data.presentedRefreshTokenHash)
          throw invalidRefresh('was already used');
        const { tokenId, tokenHash, refreshTokenHash, validUntil } = command.data;
        return [
          {
            type: 'TokenRefreshed',
            data: { tokenId, tokenHash, refreshTokenHash, validUntil: validUntil.toISOString() },
          },
        ];
      }
      case 'RevokeToken':
        if (state.status === 'none') throw new DomainError('not_found', 'Record not found', 404);
        if (state.status === 'revoked') return [];
        return [{ type: 'TokenRevoked', data: { tokenId: command.data.tokenId } }];
      default:
        return assertNever(command);
    }
  },
};
