import { type IssueToken, type TokenGrant, tokenDecider, tokenStream } from '../../domain/oauth/index.js';
import { OAUTH_PROJECTOR } from '../../projections/oauth/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { type OAuthCommandDeps, subcommand, TOKEN_LIFETIME_SECONDS } from './deps.js';
import { hashSecret, newSecret } from './secrets.js';

export interface IssueTokenInput {
  /** null for an app-only token. */
  accountId: string | null;
  appId: string;
  /** Already validated against the app's scopes by the caller. */
  scopes: string[];
  context: CommandContext;
  /** Recorded on the event for the audit trail; registration passes 'registration'. */
  grant?: TokenGrant;
  /** Secrets made by the caller (the OAuth server library generates them through our model); else new ones. */
  secrets?: TokenSecrets;
}

export interface TokenSecrets {
  accessToken: string;
  refreshToken: string;
}

export interface IssuedToken {
  tokenId: string;
  /** The secrets, in the clear only here: the log and read model keep their hashes. */
  accessToken: string;
  refreshToken: string;
  scopes: string[];
  createdAt: Date;
  validUntil: Date;
}

/**
 * Issues an access token with its refresh token and waits for the oauth projection, so the token
 * authenticates the very next request.
 */
export async function issueToken(deps: OAuthCommandDeps, input: IssueTokenInput): Promise<IssuedToken> {
  const tokenId = deps.ids.next();
  const { accessToken, refreshToken } = input.secrets ?? {
    accessToken: newSecret(),
    refreshToken: newSecret(),
  };
  const createdAt = input.context.time;
  const validUntil = new Date(createdAt.getTime() + TOKEN_LIFETIME_SECONDS * 1000);
  const command: IssueToken = {
    type: 'IssueToken',
    data: {
      tokenId,
      accountId: input.accountId,
      appId: input.appId,
      scopes: input.scopes,
      tokenHash: hashSecret(accessToken),
      refreshTokenHash: hashSecret(refreshToken),
      validUntil,
      grant: input.grant ?? 'password',
    },
  };
  const result = await handleCommand(
    deps.eventStore,
    tokenStream(tokenId),
    tokenDecider,
    command,
    subcommand(input.context, 'issue-token'),
  );
  await deps.projections.waitFor([OAUTH_PROJECTOR], result.position);
  return { tokenId, accessToken, refreshToken, scopes: input.scopes, createdAt, validUntil };
}
