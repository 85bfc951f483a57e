import type { FocalPoint, ImageSize } from './events.js';

/** The file is already stored under `key`; the decision records it. Time and the new id arrive here. */
export interface UploadMedia {
  type: 'UploadMedia';
  mediaId: string;
  ownerId: string;
  key: string;
  url: string;
  mimeType: string;
  size: number;
  meta: ImageSize | null;
  description: string | null;
  focus: FocalPoint | null;
  now: Date;
}

/** PUT /api/v1/media/:id: only the owner may describe it. */
export interface UpdateMediaDescription {
  type: 'UpdateMediaDescription';
  actorId: string;
  description: string | null;
}

export type MediaCommand = UploadMedia | UpdateMediaDescription;
