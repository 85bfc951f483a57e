import type { AppDeps } from '../api/deps.js';
import { type CommandContext, handleCommand } from '../commands/handleCommand.js';
import { deleteAccountMfaTokens } from '../commands/mfa/mfaTokens.js';
import { accountKey, clearFailures } from '../commands/mfa/throttle.js';
import { relate } from '../commands/relationships/relate.js';
import { relationshipEventTypes, relationshipPair } from '../domain/relationship/events.js';
import type { RelationshipEvent } from '../domain/relationship/index.js';
import { DomainError } from '../domain/shared/errors.js';
import { statusDecider, statusStream } from '../domain/status/index.js';
import type { RecordedEvent } from '../eventstore/eventStore.js';
import { STATUSES_PROJECTOR } from '../projections/statuses/projector.js';
import { countStatusesOfAccount, statusIdsOfAccount } from '../projections/statuses/queries.js';
import { loadBackups, purgeBackup } from './backups.js';

/** The later steps of §1.7's deletion job, one item per command, each with an id from the event and the item. */
export type DeletionDeps = Pick<
  AppDeps,
  'db' | 'eventStore' | 'projections' | 'logger' | 'config' | 'storage'
>;
type Step = (name: string) => CommandContext;

const CHUNK = 100;

/**
 * Every status of the account gets StatusDeleted; the read models (timelines, favourites, reactions,
 * conversations, notifications) follow that event. Paged by id: a deleted status leaves the read model, and
 * the cursor moves past it either way.
 */
export async function deleteStatusesOf(
  deps: DeletionDeps,
  event: RecordedEvent,
  accountId: string,
  step: Step,
) {
  // Everything the account posted before it was deleted is in the read model.
  await deps.projections.waitFor([STATUSES_PROJECTOR], event.position);
  const total = await countStatusesOfAccount(deps.db, accountId);
  const log = deps.logger.child({ process: 'account-lifecycle', accountId });
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const ids = await statusIdsOfAccount(deps.db, accountId, after, CHUNK);
    if (ids.length === 0) break;
    for (const statusId of ids) {
      const command = { type: 'DeleteStatus', actorId: accountId } as const;
      try {
        await handleCommand(deps.eventStore, statusStream(statusId), statusDecider, command, step(statusId));
      } catch (error) {
        // Deleted already (a resumed run whose earlier StatusDeleted the read model has not applied yet).
        if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
      }
    }
    done += ids.length;
    after = ids.at(-1)!;
    log.info({ done, total }, `deleted ${done} of ${total} statuses`);
  }
}

/**
 * The accounts the deleted one ever related to, either way, from the log up to its deletion: the
 * relationships read model already dropped its rows on AccountDeleted, so it cannot name them any more.
 * TODO(scan): an index of pairs per account would spare reading every relationship event of the log.
 */
async function counterpartsOf(deps: DeletionDeps, accountId: string, before: bigint): Promise<string[]> {
  const others = new Set<string>();
  let after = 0n;
  for (;;) {
    const events = await deps.eventStore.readAll({
      after,
      maxCount: 500,
      eventTypes: relationshipEventTypes,
    });
    for (const recorded of events) {
      if (recorded.position >= before) return [...others].sort();
      const pair = relationshipPair({ type: recorded.type, data: recorded.data } as RelationshipEvent);
      if (pair.includes(accountId)) others.add(pair[0] === accountId ? pair[1] : pair[0]);
    }
    if (events.length < 500) return [...others].sort();
    after = events.at(-1)!.position;
  }
}

/** Follows both ways, requests, blocks, mutes and subscriptions end on each pair's stream. */
export async function endRelationshipsOf(
  deps: DeletionDeps,
  event: RecordedEvent,
  accountId: string,
  step: Step,
) {
  const others = await counterpartsOf(deps, accountId, event.position);
  const log = deps.logger.child({ process: 'account-lifecycle', accountId });
  for (const [index, targetId] of others.entries()) {
    const command = { type: 'RemoveRelationshipsOfDeletedAccount', actorId: accountId, targetId } as const;
    await relate(deps, command, step(targetId));
    const done = index + 1;
    if (done % CHUNK === 0 || done === others.length) {
      log.info(
        { done, total: others.length },
        `ended relationships with ${done} of ${others.length} accounts`,
      );
    }
  }
}

/** Waiting second-factor grants, the failure count, and the stored archives (§6 backups) go too. */
export async function dropLeftoversOf(deps: DeletionDeps, accountId: string, step: Step) {
  await deleteAccountMfaTokens(deps.db, accountId);
  await clearFailures(deps.db, [accountKey(accountId)]);
  const { backups } = await loadBackups(deps, accountId);
  for (const backup of backups) {
    if (backup.purged) continue;
    await purgeBackup(deps, accountId, backup, 'account_deleted', step(`backup-${backup.backupId}`));
  }
}
