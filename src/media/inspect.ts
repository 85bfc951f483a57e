import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { DomainError } from '../domain/shared/errors.js';
import { isWholeImage } from './integrity.js';
import { type MediaType, mediaTypeOf } from './types.js';

/** An upload once its bytes have been looked at: the type they really are, and an image's size. */
export interface InspectedFile {
  bytes: Buffer;
  type: MediaType;
  width: number | null;
  height: number | null;
}

export const emptyFile = () => new DomainError('empty_file', 'The file is empty', 422);
export const damagedImage = () =>
  new DomainError('damaged_image', 'The image could not be read: it is damaged or incomplete', 422);

/** EXIF orientations 5–8 turn the picture a quarter: what is shown is the stored size turned. */
const turned = (orientation: number | undefined) => orientation !== undefined && orientation >= 5;

function dimensions(bytes: Buffer): { width: number; height: number } {
  try {
    const size = imageSize(bytes);
    if (!(size.width > 0 && size.height > 0)) throw damagedImage();
    return turned(size.orientation) ? { width: size.height, height: size.width } : size;
  } catch {
    throw damagedImage();
  }
}

/**
 * Decides what a file is from its bytes alone — never its name or the client's Content-Type — and refuses
 * an empty file or an image that is cut short, damaged or unmeasurable (422). Pure: nothing is written.
 */
export async function inspectFile(bytes: Buffer): Promise<InspectedFile> {
  if (bytes.length === 0) throw emptyFile();
  const type = mediaTypeOf((await fileTypeFromBuffer(bytes))?.ext);
  if (type.kind !== 'image') return { bytes, type, width: null, height: null };
  const { width, height } = dimensions(bytes);
  if (!isWholeImage(type.ext, bytes)) throw damagedImage();
  return { bytes, type, width, height };
}
