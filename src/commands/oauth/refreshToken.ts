import { type RefreshToken, tokenDecider, tokenStream } from '../../domain/oauth/index.js';
import { OAUTH_PROJECTOR } from '../../projections/oauth/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { type OAuthCommandDeps, subcommand, TOKEN_LIFETIME_SECONDS } from './deps.js';
import type { TokenSecrets } from './issueToken.js';
import { hashSecret, newSecret } from './secrets.js';

export interface RefreshedToken {
  tokenId: string;
  accessToken: string;
  refreshToken: string;
  validUntil: Date;
}

/**
 * refresh_token grant: rotates the token's secrets. The decider refuses a refresh token that is no longer
 * the current one, so a refresh token works once even when two requests race with it.
 */
export async function refreshToken(
  deps: OAuthCommandDeps,
  input: { tokenId: string; presentedRefreshToken: string; secrets?: TokenSecrets },
  context: CommandContext,
): Promise<RefreshedToken> {
  const { accessToken, refreshToken } = input.secrets ?? {
    accessToken: newSecret(),
    refreshToken: newSecret(),
  };
  const validUntil = new Date(context.time.getTime() + TOKEN_LIFETIME_SECONDS * 1000);
  const command: RefreshToken = {
    type: 'RefreshToken',
    data: {
      tokenId: input.tokenId,
      presentedRefreshTokenHash: hashSecret(input.presentedRefreshToken),
      tokenHash: hashSecret(accessToken),
      refreshTokenHash: hashSecret(refreshToken),
      validUntil,
    },
  };
  const result = await handleCommand(
    deps.eventStore,
    tokenStream(input.tokenId),
    tokenDecider,
    command,
    subcommand(context, 'refresh-token'),
  );
  await deps.projections.waitFor([OAUTH_PROJECTOR], result.position);
  return { tokenId: input.tokenId, accessToken, refreshToken, validUntil };
}
