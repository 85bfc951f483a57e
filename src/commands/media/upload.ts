import { type FocalPoint, mediaDecider, mediaStream } from '../../domain/media/index.js';
import { notFound } from '../../domain/shared/errors.js';
import type { InspectedFile } from '../../media/inspect.js';
import { MEDIA_PROJECTOR } from '../../projections/media/projector.js';
import { findMediaById, isMediaId, type MediaRecord } from '../../projections/media/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { MediaCommandDeps } from './deps.js';
import { recordOrRemove, storeFile } from './store.js';

export interface UploadMediaInput {
  file: InspectedFile;
  description: string | null;
  focus: FocalPoint | null;
}

async function readBack(
  deps: MediaCommandDeps,
  mediaId: string,
  position: bigint | null,
): Promise<MediaRecord> {
  await deps.projections.waitFor([MEDIA_PROJECTOR], position);
  const media = await findMediaById(deps.db, mediaId);
  if (!media) throw notFound();
  return media;
}

/** POST /api/v1/media: stores the bytes, records MediaUploaded, answers the projected upload. */
export async function uploadMedia(
  deps: MediaCommandDeps,
  ownerId: string,
  input: UploadMediaInput,
  context: CommandContext,
): Promise<MediaRecord> {
  const mediaId = deps.ids.next();
  const { file } = input;
  const stored = await storeFile(deps.storage, file);
  const command = {
    type: 'UploadMedia',
    mediaId,
    ownerId,
    ...stored,
    mimeType: file.type.mime,
    size: file.bytes.length,
    meta: file.width !== null && file.height !== null ? { width: file.width, height: file.height } : null,
    description: input.description,
    focus: input.focus,
    now: context.time,
  } as const;
  const result = await recordOrRemove(deps.storage, [stored], () =>
    handleCommand(deps.eventStore, mediaStream(mediaId), mediaDecider, command, context),
  );
  return readBack(deps, mediaId, result.position);
}

/** PUT /api/v1/media/:id: the owner changes the description (null clears it); others are refused. */
export async function describeMedia(
  deps: MediaCommandDeps,
  actorId: string,
  mediaId: string,
  description: string | null,
  context: CommandContext,
): Promise<MediaRecord> {
  if (!isMediaId(mediaId)) throw notFound();
  const command = { type: 'UpdateMediaDescription', actorId, description } as const;
  const result = await handleCommand(deps.eventStore, mediaStream(mediaId), mediaDecider, command, context);
  return readBack(deps, mediaId, result.position);
}
