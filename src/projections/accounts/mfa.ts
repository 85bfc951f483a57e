import type { Knex } from 'knex';
import type { MfaEvent } from '../../domain/mfa/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';

/**
 * The MFA status columns of the accounts read model (§3.2, §3.7): what login, HTTP Basic and
 * `GET /api/pleroma/accounts/mfa` ask. Kept apart so the accounts projector only delegates to it.
 */
export const mfaStatusEventTypes = ['MfaTotpSetupStarted', 'MfaEnabled', 'MfaDisabled'] as const;

type MfaStatusEvent = Extract<MfaEvent, { type: (typeof mfaStatusEventTypes)[number] }>;

export function isMfaStatusEvent(event: { type: string }): event is MfaStatusEvent {
  return (mfaStatusEventTypes as readonly string[]).includes(event.type);
}

export function addMfaColumns(table: Knex.CreateTableBuilder): void {
  table.boolean('mfa_enabled').notNullable().defaultTo(false);
  table.boolean('mfa_totp_confirmed').notNullable().defaultTo(false);
}

/** Updates by key only, so a replay leaves the same row. */
export async function applyMfaStatus(
  accounts: () => Knex.QueryBuilder,
  recorded: RecordedEvent,
): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as MfaStatusEvent;
  const at = recorded.metadata.time;
  const row = accounts().where({ id: event.data.accountId });
  switch (event.type) {
    case 'MfaTotpSetupStarted':
      // A new secret is unconfirmed; `enabled` stays as it was (§3.3's quirk).
      await row.update({ mfa_totp_confirmed: false, updated_at: at });
      return;
    case 'MfaEnabled':
      await row.update({ mfa_enabled: true, mfa_totp_confirmed: true, updated_at: at });
      return;
    case 'MfaDisabled':
      await row.update({ mfa_enabled: false, mfa_totp_confirmed: false, updated_at: at });
      return;
    default:
      assertNever(event);
  }
}
