import type { DomainEvent } from '../shared/decider.js';

/** An image's size in pixels, read from its bytes. */
export interface ImageSize {
  width: number;
  height: number;
}

/** Mastodon's focal point, each coordinate from -1.0 to 1.0. Kept, not rendered (Pleroma renders none). */
export interface FocalPoint {
  x: number;
  y: number;
}

/** The bytes are not in the event: `key` names them in the media storage and `url` is where they are served. */
export interface MediaUploadedData {
  mediaId: string;
  ownerId: string;
  key: string;
  url: string;
  /** Decided from the bytes. */
  mimeType: string;
  size: number;
  /** Images only. */
  meta: ImageSize | null;
  description: string | null;
  focus: FocalPoint | null;
  /** ISO 8601. */
  uploadedAt: string;
}

export type MediaUploaded = DomainEvent<'MediaUploaded', MediaUploadedData>;
export type MediaDescriptionUpdated = DomainEvent<
  'MediaDescriptionUpdated',
  { mediaId: string; ownerId: string; description: string | null }
>;

export type MediaEvent = MediaUploaded | MediaDescriptionUpdated;

export const mediaEventTypes = [
  'MediaUploaded',
  'MediaDescriptionUpdated',
] as const satisfies readonly MediaEvent['type'][];

export const mediaStream = (mediaId: string) => `media-${mediaId}`;
