import { assertNever } from '../shared/errors.js';
import type { EmojiPackEvent, PackFiles, PackMetadata } from './events.js';

/**
 * The pack as its history tells it: never changed through the API (it may still exist on disk, put there by
 * hand), live with the files and metadata the events gave it, or deleted.
 */
export type EmojiPackState =
  | { status: 'unrecorded' }
  | { status: 'live'; files: PackFiles; metadata: PackMetadata }
  | { status: 'deleted' };

export const initialEmojiPackState: EmojiPackState = { status: 'unrecorded' };

const live = (state: EmojiPackState) =>
  state.status === 'live' ? state : { status: 'live' as const, files: {}, metadata: {} };

function without(files: PackFiles, shortcode: string): PackFiles {
  const { [shortcode]: _, ...rest } = files;
  return rest;
}

export function evolveEmojiPack(state: EmojiPackState, event: EmojiPackEvent): EmojiPackState {
  switch (event.type) {
    case 'EmojiPackCreated':
      return { status: 'live', files: {}, metadata: {} };
    case 'EmojiPackUpdated':
      return { ...live(state), metadata: { ...event.data.metadata } };
    case 'EmojiPackDeleted':
      return { status: 'deleted' };
    case 'EmojiAdded': {
      const current = live(state);
      return { ...current, files: { ...current.files, [event.data.shortcode]: event.data.filename } };
    }
    case 'EmojiRenamed': {
      const current = live(state);
      const files = without(current.files, event.data.shortcode);
      return { ...current, files: { ...files, [event.data.newShortcode]: event.data.newFilename } };
    }
    case 'EmojiRemoved': {
      const current = live(state);
      return { ...current, files: without(current.files, event.data.shortcode) };
    }
    case 'EmojiPackImported':
      return { status: 'live', files: { ...event.data.files }, metadata: {} };
    case 'EmojiPackDownloaded':
      return { status: 'live', files: { ...event.data.files }, metadata: { ...event.data.metadata } };
    default:
      return assertNever(event);
  }
}
