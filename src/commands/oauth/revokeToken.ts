import { type RevokeToken, tokenDecider, tokenStream } from '../../domain/oauth/index.js';
import { OAUTH_PROJECTOR } from '../../projections/oauth/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { type OAuthCommandDeps, subcommand } from './deps.js';

/**
 * Revokes a token for good and waits for the oauth projection: the token fails on the very next request.
 * Callers check ownership first (a user revokes only their own tokens, an app only its own).
 */
export async function revokeToken(
  deps: OAuthCommandDeps,
  input: { tokenId: string },
  context: CommandContext,
): Promise<void> {
  const command: RevokeToken = { type: 'RevokeToken', data: { tokenId: input.tokenId } };
  const result = await handleCommand(
    deps.eventStore,
    tokenStream(input.tokenId),
    tokenDecider,
    command,
    subcommand(context, 'revoke-token'),
  );
  // Already revoked (by a concurrent caller, say the account-lifecycle process): its TokenRevoked may not be
  // projected yet, so wait for the stream's last event rather than not at all.
  const position = result.position ?? (await lastPosition(deps, tokenStream(input.tokenId)));
  await deps.projections.waitFor([OAUTH_PROJECTOR], position);
}

async function lastPosition(deps: OAuthCommandDeps, stream: string): Promise<bigint | null> {
  const [last] = await deps.eventStore.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last?.position ?? null;
}
