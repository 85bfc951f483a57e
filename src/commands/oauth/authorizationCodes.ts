import {
  authorizationCodeDecider,
  authorizationCodeStream,
  type IssueAuthorizationCode,
  type RedeemAuthorizationCode,
} from '../../domain/oauth/index.js';
import { OAUTH_PROJECTOR } from '../../projections/oauth/projector.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { AUTHORIZATION_CODE_LIFETIME_SECONDS, type OAuthCommandDeps, subcommand } from './deps.js';
import { hashSecret, newSecret } from './secrets.js';

export interface IssueAuthorizationCodeInput {
  appId: string;
  accountId: string;
  scopes: string[];
  redirectUri: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  /** A code made by the caller (the OAuth server library generates it through our model); else a new one. */
  code?: string;
}

/** POST /oauth/authorize after a successful login: a single-use code for the client to exchange. */
export async function issueAuthorizationCode(
  deps: OAuthCommandDeps,
  input: IssueAuthorizationCodeInput,
  context: CommandContext,
): Promise<{ codeId: string; code: string; expiresAt: Date }> {
  const codeId = deps.ids.next();
  const { code = newSecret(), ...data } = input;
  const expiresAt = new Date(context.time.getTime() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000);
  const command: IssueAuthorizationCode = {
    type: 'IssueAuthorizationCode',
    data: { codeId, codeHash: hashSecret(code), ...data, expiresAt: expiresAt.toISOString() },
  };
  const result = await handleCommand(
    deps.eventStore,
    authorizationCodeStream(codeId),
    authorizationCodeDecider,
    command,
    subcommand(context, 'issue-code'),
  );
  await deps.projections.waitFor([OAUTH_PROJECTOR], result.position);
  return { codeId, code, expiresAt };
}

/** Marks a code used; throws (invalid_grant) if it is unknown, used or expired. */
export async function redeemAuthorizationCode(
  deps: OAuthCommandDeps,
  input: { codeId: string },
  context: CommandContext,
): Promise<void> {
  const command: RedeemAuthorizationCode = {
    type: 'RedeemAuthorizationCode',
    data: { codeId: input.codeId, now: context.time },
  };
  const result = await handleCommand(
    deps.eventStore,
    authorizationCodeStream(input.codeId),
    authorizationCodeDecider,
    command,
    subcommand(context, 'redeem-code'),
  );
  await deps.projections.waitFor([OAUTH_PROJECTOR], result.position);
}
