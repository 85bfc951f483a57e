import type { AppDeps } from '../../src/api/deps.js';
import { issueMfaToken, newTotpSecret, runMfaCommand } from '../../src/commands/mfa/index.js';
import { expect } from '../../src/eventstore/eventStore.js';
import {
  accountRegistered,
  BARE_PROFILE,
  commandContext as context,
  inParallel,
  seedEvent,
} from '../lib/seed.js';

export type Challenger = { secret: string; mfaToken: string };

/**
 * Accounts for the challenge case, appended straight to the store (their password is never checked), each
 * with TOTP confirmed at an old time step and an mfa_token waiting, as a password grant would leave it.
 */
export async function seedChallengers(deps: AppDeps, appId: string, count: number): Promise<Challenger[]> {
  const ids = Array.from({ length: count }, () => deps.ids.next());
  const challengers: Challenger[] = [];
  const time = new Date().toISOString();
  const oldStep = Math.floor(Date.now() / 30_000) - 10;
  await inParallel(ids, 8, async (accountId) => {
    const event = accountRegistered(accountId, `bench${accountId}`, time, BARE_PROFILE);
    await deps.eventStore.appendToStream(
      `account-${accountId}`,
      [seedEvent(accountId, event, time)],
      expect.noStream,
    );
    const secret = newTotpSecret();
    const sealedSecret = await deps.keys.encrypt(accountId, secret);
    await runMfaCommand(deps, { type: 'SetupTotp', accountId, sealedSecret }, context());
    const confirm = { type: 'ConfirmTotp', accountId, sealedSecret, timeStep: oldStep } as const;
    await runMfaCommand(deps, confirm, context());
    const grant = { accountId, appId, scopes: ['read'], authorization: null };
    challengers.push({ secret, mfaToken: await issueMfaToken(deps.db, grant, new Date()) });
  });
  return challengers;
}
