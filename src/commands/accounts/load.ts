import {
  type AccountEvent,
  type AccountState,
  accountDecider,
  accountStream,
} from '../../domain/account/index.js';
import { fold } from '../../domain/shared/decider.js';
import type { EventStore } from '../../eventstore/eventStore.js';

/**
 * The account as its own stream says right now: for use cases that must decide from the latest facts (which
 * address to release, which settings to merge into) rather than from a read model that may lag.
 */
export async function loadAccount(
  deps: { eventStore: EventStore },
  accountId: string,
): Promise<AccountState> {
  const events = await deps.eventStore.readStream(accountStream(accountId));
  return fold(accountDecider, events as unknown as AccountEvent[]);
}
