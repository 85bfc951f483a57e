import { parseReactionEmoji } from '../../domain/emoji/reactionEmoji.js';
import {
  couldNotAddReaction,
  couldNotRemoveReaction,
  reactionDecider,
  reactionStream,
} from '../../domain/reaction/index.js';
import type { DomainError } from '../../domain/shared/errors.js';
import { REACTIONS_PROJECTOR } from '../../projections/reactions/projector.js';
import { findVisibleStatus, isStatusId, type StatusRecord } from '../../projections/statuses/queries.js';
import type { FavouriteCommandDeps } from '../favourites/index.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { type ResolveDeps, resolveReaction } from './resolve.js';

export type ReactionCommandDeps = FavouriteCommandDeps & ResolveDeps;

/**
 * §9.2/§9.3: an unknown status, or one the account may not see, fails like a bad emoji (never a 404). The
 * account's reaction stream is read beside it, sharing its round trip (db/jsonBatch.ts); named after the id
 * as given, that read serves the decision only if the id is spelled as the status's own.
 */
async function visibleStatus(
  deps: ReactionCommandDeps,
  accountId: string,
  statusId: string,
  fail: () => DomainError,
) {
  const [status, history] = await Promise.all([
    findVisibleStatus(deps.db, statusId, accountId),
    isStatusId(statusId) ? deps.eventStore.readStream(reactionStream(accountId, statusId)) : undefined,
  ]);
  if (!status) throw fail();
  return { status, history: status.id === statusId ? history : undefined };
}

/**
 * PUT /api/v1/pleroma/statuses/:id/reactions/:emoji: normalises and resolves the emoji (§9.1), reacts once
 * (again is a no-op) and waits until the reactions read model shows it. Every failure is §9.2's 400.
 */
export async function addReaction(
  deps: ReactionCommandDeps,
  accountId: string,
  statusId: string,
  rawEmoji: string,
  context: CommandContext,
): Promise<StatusRecord> {
  const ref = parseReactionEmoji(rawEmoji);
  if (!ref) throw couldNotAddReaction();
  const { status, history } = await visibleStatus(deps, accountId, statusId, couldNotAddReaction);
  const resolved = await resolveReaction(deps, status.id, ref);
  if (!resolved) throw couldNotAddReaction();
  const command = {
    type: 'AddReaction',
    accountId,
    statusId: status.id,
    reactionId: deps.ids.next(),
    ...resolved,
  } as const;
  const stream = reactionStream(accountId, status.id);
  const result = await handleCommand(deps.eventStore, stream, reactionDecider, command, context, { history });
  await deps.projections.waitFor([REACTIONS_PROJECTOR], result.position);
  return status;
}

/** DELETE …/reactions/:emoji: undoes the account's most recent reaction with that emoji (§9.3). */
export async function removeReaction(
  deps: ReactionCommandDeps,
  accountId: string,
  statusId: string,
  rawEmoji: string,
  context: CommandContext,
): Promise<StatusRecord> {
  const ref = parseReactionEmoji(rawEmoji);
  if (!ref) throw couldNotRemoveReaction();
  const { status, history } = await visibleStatus(deps, accountId, statusId, couldNotRemoveReaction);
  const command =
    ref.kind === 'unicode'
      ? ({
          type: 'RemoveReaction',
          accountId,
          statusId: status.id,
          emoji: ref.emoji,
          custom: false,
          host: null,
        } as const)
      : ({
          type: 'RemoveReaction',
          accountId,
          statusId: status.id,
          emoji: ref.shortcode,
          custom: true,
          host: ref.host,
        } as const);
  const stream = reactionStream(accountId, status.id);
  const result = await handleCommand(deps.eventStore, stream, reactionDecider, command, context, { history });
  await deps.projections.waitFor([REACTIONS_PROJECTOR], result.position);
  return status;
}
