import { invalidCode } from '../../domain/mfa/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { CommandContext } from '../handleCommand.js';
import { subcommand } from '../oauth/deps.js';
import type { MfaCommandDeps } from './deps.js';
import { consumeMfaToken, findMfaToken, type MfaTokenRow } from './mfaTokens.js';
import { loadMfa, runMfaCommand } from './settings.js';
import { accountKey, addressKey, clearFailures, recordFailure, refuseIfThrottled } from './throttle.js';
import { matchTotpCode } from './totp.js';

export type ChallengeType = 'totp' | 'recovery';

/**
 * Checks one second factor and records its use. A TOTP code is checked against the decrypted secret here,
 * then the decider accepts its time step once (a replay, even a concurrent one, loses on the expected
 * revision); a recovery code is matched and spent by the decider. Any failure is 400 "Invalid code".
 */
export async function passSecondFactor(
  deps: MfaCommandDeps,
  accountId: string,
  challenge: { type: string; code: string },
  context: CommandContext,
): Promise<void> {
  if (challenge.type === 'recovery') {
    await runMfaCommand(deps, { type: 'UseBackupCode', accountId, code: challenge.code }, context);
    return;
  }
  if (challenge.type !== 'totp') throw invalidCode('unsupported_challenge_type');
  const state = await loadMfa(deps, accountId);
  if (!state.enabled || state.totp.status !== 'confirmed') throw invalidCode('totp_not_confirmed');
  const { sealedSecret } = state.totp;
  const secret = await deps.keys.decrypt(accountId, sealedSecret);
  const timeStep = secret === null ? null : await matchTotpCode(secret, challenge.code, context.time);
  if (timeStep === null) throw invalidCode('totp_code_wrong');
  await runMfaCommand(deps, { type: 'UseTotpCode', accountId, sealedSecret, timeStep }, context);
}

export interface ChallengeInput {
  mfaToken: string;
  challengeType: string;
  code: string;
  /** The client's address, throttled like the account. */
  address: string;
  /** Whether this endpoint takes the token: the app's own (challenge), one from the browser flow (verify). */
  accepts(grant: MfaTokenRow): boolean;
  /**
   * Whether a pass spends the token: the app's challenge exchanges it for an access token, and Pleroma's
   * exchange uses up its authorization (Token.exchange_token → Authorization.use_token), so one mfa_token
   * yields one access token. The browser flow's verify hands back an authorization code instead, as Pleroma's.
   */
  spends: boolean;
}

const isRefusal = (error: unknown) => error instanceof DomainError && error.status === 400;

/**
 * §3.7's challenge with throttling: neither the address nor the token's account may be throttled, the
 * mfa_token must be valid and accepted by the endpoint, and the second factor must pass; the token is then
 * spent if the endpoint spends it (ChallengeInput.spends). Each refusal counts a
 * failure against the address, and against the account once it is known; a success clears the account's.
 */
export async function passMfaChallenge(
  deps: MfaCommandDeps,
  input: ChallengeInput,
  context: CommandContext,
): Promise<MfaTokenRow> {
  const address = addressKey(input.address);
  const grant = await findMfaToken(deps.db, input.mfaToken, context.time);
  const account = grant && accountKey(grant.accountId);
  // One look at both counts: a throttled address is refused whatever the token, a throttled account too.
  const counted = await refuseIfThrottled(deps.db, account ? [address, account] : [address], context.time);
  if (!grant || !account || !input.accepts(grant)) {
    await recordFailure(deps.db, [address], context.time);
    throw invalidCode(grant ? 'mfa_token_not_accepted' : 'mfa_token_invalid');
  }
  try {
    const challenge = { type: input.challengeType, code: input.code };
    await passSecondFactor(deps, grant.accountId, challenge, subcommand(context, 'mfa-challenge'));
  } catch (error) {
    if (isRefusal(error)) await recordFailure(deps.db, [address, account], context.time);
    throw error;
  }
  if (counted.includes(account)) await clearFailures(deps.db, [account]);
  if (input.spends && !(await consumeMfaToken(deps.db, input.mfaToken))) throw invalidCode('mfa_token_used');
  return grant;
}
