import { type ListenVisibility, listenDecider, listenStream } from '../../domain/scrobble/index.js';
import { notFound } from '../../domain/shared/errors.js';
import { SCROBBLES_PROJECTOR } from '../../projections/scrobbles/projector.js';
import { findListenById, type ListenRecord } from '../../projections/scrobbles/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { MediaCommandDeps } from '../media/deps.js';

export interface ListenInput {
  title: string;
  artist?: string;
  album?: string;
  length?: number;
  externalLink?: string;
  visibility?: ListenVisibility;
}

type Deps = Omit<MediaCommandDeps, 'storage'>;

/** POST /api/v1/pleroma/scrobble (§8.1): records the listen and answers it as projected. */
export async function recordListen(
  deps: Deps,
  accountId: string,
  input: ListenInput,
  context: CommandContext,
): Promise<ListenRecord> {
  const listenId = deps.ids.next();
  const command = {
    type: 'RecordListen',
    listenId,
    accountId,
    title: input.title,
    artist: input.artist ?? null,
    album: input.album ?? null,
    length: input.length ?? null,
    externalLink: input.externalLink || null,
    visibility: input.visibility ?? 'public',
    now: context.time,
  } as const;
  const result = await handleCommand(
    deps.eventStore,
    listenStream(listenId),
    listenDecider,
    command,
    context,
  );
  await deps.projections.waitFor([SCROBBLES_PROJECTOR], result.position);
  const listen = await findListenById(deps.db, listenId);
  if (!listen) throw notFound();
  return listen;
}
