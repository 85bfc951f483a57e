import { assertNever, DomainError, forbidden, notFound } from '../shared/errors.js';
import type { MediaCommand } from './commands.js';
import type { MediaEvent } from './events.js';

export type MediaState =
  | { status: 'none' }
  | { status: 'uploaded'; id: string; ownerId: string; description: string | null };

export const initialMediaState: MediaState = { status: 'none' };

/** Pleroma's `[:instance, :description_limit]` default. */
export const DESCRIPTION_LIMIT = 5000;

/** Pleroma's upload refusal for a long description: 422 with the error atom as its text. */
export const descriptionTooLong = () => new DomainError('description_too_long', 'description_too_long', 422);

/** Object.authorize_access's refusal, as Pleroma's fallback controller words it. */
export const accessDenied = () => forbidden('Access denied');

function checkDescription(description: string | null): void {
  if (description !== null && [...description].length > DESCRIPTION_LIMIT) throw descriptionTooLong();
}

export function evolveMedia(state: MediaState, event: MediaEvent): MediaState {
  switch (event.type) {
    case 'MediaUploaded': {
      const { mediaId, ownerId, description } = event.data;
      return { status: 'uploaded', id: mediaId, ownerId, description };
    }
    case 'MediaDescriptionUpdated':
      return state.status === 'uploaded' ? { ...state, description: event.data.description } : state;
    default:
      return assertNever(event);
  }
}

export function decideMedia(command: MediaCommand, state: MediaState): MediaEvent[] {
  switch (command.type) {
    case 'UploadMedia': {
      if (state.status !== 'none') throw new DomainError('media_exists', 'The media already exists', 409);
      checkDescription(command.description);
      const { type: _type, now, ...data } = command;
      return [{ type: 'MediaUploaded', data: { ...data, uploadedAt: now.toISOString() } }];
    }
    case 'UpdateMediaDescription': {
      if (state.status !== 'uploaded') throw notFound();
      if (state.ownerId !== command.actorId) throw accessDenied();
      checkDescription(command.description);
      if (state.description === command.description) return [];
      const data = { mediaId: state.id, ownerId: state.ownerId, description: command.description };
      return [{ type: 'MediaDescriptionUpdated', data }];
    }
    default:
      return assertNever(command);
  }
}
