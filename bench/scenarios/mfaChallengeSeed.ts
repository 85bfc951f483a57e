import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../src/api/deps.js';
import { issueMfaToken, newTotpSecret, runMfaCommand } from '../../src/commands/mfa/index.js';
import type { AccountEvent } from '../../src/domain/account/events.js';
import { eventId } from '../../src/domain/shared/ids.js';
import { expect } from '../../src/eventstore/eventStore.js';

const context = () => ({
  commandId: randomUUID(),
  actor: null,
  correlationId: randomUUID(),
  causationId: null,
  time: new Date(),
});

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

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
    const event: AccountEvent = {
      type: 'AccountRegistered',
      data: {
        accountId,
        nickname: `bench${accountId}`,
        email: null,
        emailIndex: null,
        passwordHash: 'not-a-hash',
        confirmed: true,
        approved: true,
        locked: false,
        displayName: null,
        note: '',
        locale: null,
        registeredAt: time,
      },
    };
    const meta = { actor: null, correlationId: randomUUID(), causationId: null, time, schemaVersion: 1 };
    await deps.eventStore.appendToStream(
      `account-${accountId}`,
      [{ id: eventId(`seed-${accountId}`), ...event, data: { ...event.data }, metadata: meta }],
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
